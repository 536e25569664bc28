package pki

import (
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"io"
	"testing"
)

func TestServerCertificateVerifiesForEveryName(t *testing.T) {
	ca, err := NewAuthority("hubspec test CA")
	if err != nil {
		t.Fatal(err)
	}
	cert, err := ca.IssueServer("myhub.example", "localhost", "127.0.0.1", "::1", "localhost")
	if err != nil {
		t.Fatal(err)
	}
	block, _ := pem.Decode(ca.CertPEM())
	if block == nil || block.Type != "CERTIFICATE" {
		t.Fatalf("CertPEM is not a PEM certificate: %q", ca.CertPEM())
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(ca.CertPEM()) {
		t.Fatal("CA PEM not accepted by a cert pool")
	}
	for _, name := range []string{"myhub.example", "localhost", "127.0.0.1", "::1"} {
		_, err := cert.Leaf.Verify(x509.VerifyOptions{DNSName: name, Roots: pool})
		if err != nil {
			t.Errorf("verify for %q: %v", name, err)
		}
	}
	if _, err := cert.Leaf.Verify(x509.VerifyOptions{DNSName: "other.example", Roots: pool}); err == nil {
		t.Error("certificate verified for a name it was not issued for")
	}
}

func TestHandshakeOverRealSocket(t *testing.T) {
	ca, err := NewAuthority("hubspec test CA")
	if err != nil {
		t.Fatal(err)
	}
	cert, err := ca.IssueServer("localhost", "127.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	ln, err := tls.Listen("tcp", "127.0.0.1:0", &tls.Config{Certificates: []tls.Certificate{cert}})
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	done := make(chan error, 1)
	go func() {
		c, err := ln.Accept()
		if err != nil {
			done <- err
			return
		}
		defer c.Close()
		_, err = io.WriteString(c, "hi")
		done <- err
	}()
	conn, err := tls.Dial("tcp", ln.Addr().String(), &tls.Config{RootCAs: ca.Pool(), ServerName: "localhost"})
	if err != nil {
		t.Fatalf("TLS dial with the CA pool: %v", err)
	}
	defer conn.Close()
	got, err := io.ReadAll(conn)
	if err != nil || string(got) != "hi" {
		t.Fatalf("read %q, %v", got, err)
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	other, err := NewAuthority("other CA")
	if err != nil {
		t.Fatal(err)
	}
	go func() {
		if c, err := ln.Accept(); err == nil {
			_ = c.(*tls.Conn).Handshake()
			c.Close()
		}
	}()
	if c, err := tls.Dial("tcp", ln.Addr().String(), &tls.Config{RootCAs: other.Pool(), ServerName: "localhost"}); err == nil {
		c.Close()
		t.Fatal("handshake succeeded with a CA that did not sign the server certificate")
	}
}

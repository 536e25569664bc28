package iothub

import (
	"context"
	"crypto/tls"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func handshake(t *testing.T, addr string, o Options, serverName string) error {
	t.Helper()
	cfg, err := o.tlsConfig(serverName)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c, err := (&tls.Dialer{Config: cfg}).DialContext(ctx, "tcp", addr)
	if err == nil {
		_ = c.Close()
	}
	return err
}

func TestTrustAddsTheEmulatorCA(t *testing.T) {
	pki := newTestPKI(t, "myhub.azure-devices.net", "127.0.0.1")
	addr := silentTLSServer(t, pki)
	caFile := filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(caFile, pki.caPEM, 0o600); err != nil {
		t.Fatal(err)
	}
	for name, o := range map[string]Options{
		"CAPEM":   {CAPEM: pki.caPEM},
		"CAFile":  {CAFile: caFile},
		"RootCAs": {RootCAs: pki.caPool},
	} {
		if err := handshake(t, addr, o, "myhub.azure-devices.net"); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	// System roots alone do not trust a CA made a moment ago.
	err := handshake(t, addr, Options{}, "myhub.azure-devices.net")
	if err == nil || !isTLSFailure(err) {
		t.Errorf("without the CA: %v, want a TLS verification failure", err)
	}
	// The certificate must match the name: HostName, not the dial address.
	if err := handshake(t, addr, Options{CAPEM: pki.caPEM}, "otherhub.azure-devices.net"); err == nil || !isTLSFailure(err) {
		t.Errorf("wrong server name: %v, want a TLS verification failure", err)
	}
}

func TestTrustRefusesBadCAInput(t *testing.T) {
	if _, err := (Options{CAPEM: []byte("not a certificate")}).rootCAs(); err == nil || !strings.Contains(err.Error(), "CAPEM") {
		t.Errorf("bad PEM: %v", err)
	}
	if _, err := (Options{CAFile: filepath.Join(t.TempDir(), "missing.pem")}).rootCAs(); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing file: %v", err)
	}
	if pool, err := (Options{}).rootCAs(); pool != nil || err != nil {
		t.Errorf("no CA options should leave the system roots to crypto/tls: %v %v", pool, err)
	}
}

func TestEndpointKeepsHostNameForTLSAndTokens(t *testing.T) {
	tests := []struct {
		hostName, gateway, override string
		wantHost, wantAddr          string
	}{
		{"myhub.azure-devices.net", "", "", "myhub.azure-devices.net", "myhub.azure-devices.net:5671"},
		{"localhost:15671", "", "", "localhost", "localhost:15671"},
		{"myhub.azure-devices.net", "127.0.0.1:5671", "", "myhub.azure-devices.net", "127.0.0.1:5671"},
		{"myhub.azure-devices.net", "gw.local", "", "myhub.azure-devices.net", "gw.local:5671"},
		{"myhub.azure-devices.net", "127.0.0.1:5671", "127.0.0.1:40000", "myhub.azure-devices.net", "127.0.0.1:40000"},
		{"myhub.azure-devices.net", "", "[::1]:40000", "myhub.azure-devices.net", "[::1]:40000"},
	}
	for _, tt := range tests {
		ep := newEndpoint(tt.hostName, tt.gateway, tt.override, "5671")
		if ep.host != tt.wantHost || ep.addr != tt.wantAddr || ep.hostName != tt.hostName {
			t.Errorf("%+v: got host %q addr %q", tt, ep.host, ep.addr)
		}
	}
}

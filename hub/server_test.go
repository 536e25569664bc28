package hub

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/hubspec/hubspec/hub/core"
	"github.com/hubspec/hubspec/hub/internal/amqptest"
	"github.com/hubspec/hubspec/hub/internal/pki"
)

// The certificate covers the hub's host name and the loopback names, and is
// signed by the CA the hub hands out.
func TestCertificateNames(t *testing.T) {
	h := startHub(t, Options{HostName: "myhub.azure-devices.net"})
	for _, ep := range h.Endpoints() {
		for _, name := range []string{"myhub.azure-devices.net", "localhost", "127.0.0.1", "::1"} {
			cfg := &tls.Config{RootCAs: h.CertPool(), ServerName: name}
			conn, err := tls.Dial("tcp", ep.Addr, cfg)
			if err != nil {
				t.Errorf("%s: TLS as %s: %v", ep.Protocol, name, err)
				continue
			}
			_ = conn.Close()
		}
		if _, err := tls.Dial("tcp", ep.Addr, &tls.Config{RootCAs: x509.NewCertPool(), ServerName: "localhost"}); err == nil {
			t.Errorf("%s: the hub's certificate verified without its CA", ep.Protocol)
		}
	}
	if n := len(h.Endpoints()); n != 3 {
		t.Errorf("%d endpoints, want AMQP, HTTPS and MQTT", n)
	}
	if !strings.HasPrefix(h.ConnectionString(), "HostName=myhub.azure-devices.net;SharedAccessKeyName=iothubowner;SharedAccessKey=") {
		t.Errorf("connection string starts %q", strings.SplitN(h.ConnectionString(), "SharedAccessKey=", 2)[0])
	}
}

func TestStartRefusesBadInput(t *testing.T) {
	taken, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer taken.Close()
	tests := []struct {
		name string
		opts Options
		want string
	}{
		{"busy port", Options{AMQPAddr: taken.Addr().String()}, "AMQP head"},
		{"busy port, with what to do", Options{HTTPSAddr: taken.Addr().String()}, "another process listens there, perhaps another hub; port 0 picks a free port"},
		{"busy MQTT port", Options{MQTTAddr: taken.Addr().String()}, "MQTT head"},
		{"bad config", Options{Config: core.Config{CloudToDevice: core.CloudToDevice{MaxDeliveryCount: 101}}}, "maxDeliveryCount"},
		{"cert without key", Options{CertFile: "cert.pem"}, "key"},
		{"missing cert", Options{CertFile: "missing.pem", KeyFile: "missing.key"}, "missing.pem"},
	}
	for _, tc := range tests {
		s, err := Start(context.Background(), tc.opts)
		if err == nil {
			_ = s.Close()
			t.Errorf("%s: Start succeeded", tc.name)
			continue
		}
		if !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %q does not mention %q", tc.name, err, tc.want)
		}
	}
}

// Close ends every connection and every goroutine the hub started.
func TestCloseLeavesNoGoroutine(t *testing.T) {
	before := hubGoroutines()
	s, err := Start(context.Background(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	h := &testHub{Server: s, t: t, ctx: context.Background(), amqp: amqptest.Hub{Addr: s.AMQPAddr(), TLS: s.ClientTLSConfig()}}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	h.ctx = ctx
	dev := h.device("dev1")
	svc := h.service()
	_, rcv := h.deviceLink(dev, 10)
	svc.sendNumbered("dev1", "in flight")
	h.receive(rcv)
	keepAlive := &http.Client{Transport: &http.Transport{TLSClientConfig: s.ClientTLSConfig()}}
	defer keepAlive.CloseIdleConnections()
	resp, err := keepAlive.Get("https://" + s.HTTPSAddr() + "/devices/dev1")
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close() // the connection stays open, idle
	mqttDev := h.mqttDevice(h.device("mqtt-dev"))
	svc.sendNumbered("mqtt-dev", "in flight over MQTT")
	mqttDev.next()
	if running := hubGoroutines() - before; running < 9 {
		t.Fatalf("only %d hub goroutines while serving three connections: the count misses them", running)
	}
	if err := s.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if _, err := rcv.Receive(ctx, nil); amqptest.Condition(err) != "amqp:connection:forced" {
		t.Errorf("a client after Close got %v, want amqp:connection:forced", err)
	}
	mqttDev.waitLost()
	if left := hubGoroutines() - before; left > 0 {
		t.Errorf("%d hub goroutines left after Close:\n%s", left, stacks())
	}
}

// hubGoroutines counts the goroutines running the hub's code.
func hubGoroutines() int {
	n := 0
	for _, g := range strings.Split(stacks(), "\n\n") {
		if strings.Contains(g, "hubspec/hub") || strings.Contains(g, "hubspec/internal/amqpserver") {
			if !strings.Contains(g, "testing.tRunner") && !strings.Contains(g, "_test.go") {
				n++
			}
		}
	}
	return n
}

func stacks() string {
	buf := make([]byte, 1<<20)
	return string(buf[:runtime.Stack(buf, true)])
}

// Simulated throttling answers com.microsoft:device-container-throttled, as
// an S1 unit does beyond its send rate.
func TestThrottling(t *testing.T) {
	h := startFakeClockHub(t, core.Config{Emulator: core.Emulator{Throttling: core.Throttling{Tier: "S1", Units: 1}}})
	h.device("dev1")
	svc := h.service()
	svc.mustSend(amqptest.C2D("dev1", []byte("1"), ""))
	wantCondition(t, "the second send within a second on S1", svc.send(amqptest.C2D("dev1", []byte("2"), "")), "com.microsoft:device-container-throttled")
	h.clock.Advance(time.Second)
	svc.mustSend(amqptest.C2D("dev1", []byte("3"), ""))
}

// fakeTB records what NewTestServer does with its test.
type fakeTB struct {
	failed   string
	cleanups []func()
}

func (f *fakeTB) Helper()                        {}
func (f *fakeTB) Fatalf(format string, a ...any) { f.failed = fmt.Sprintf(format, a...) }
func (f *fakeTB) Cleanup(fn func())              { f.cleanups = append(f.cleanups, fn) }

func TestNewTestServer(t *testing.T) {
	tb := &fakeTB{}
	s := NewTestServer(tb, Options{})
	if tb.failed != "" || len(tb.cleanups) != 1 {
		t.Fatalf("failed %q, %d cleanups", tb.failed, len(tb.cleanups))
	}
	conn, err := tls.Dial("tcp", s.AMQPAddr(), s.ClientTLSConfig())
	if err != nil {
		t.Fatalf("the test server does not serve: %v", err)
	}
	_ = conn.Close()
	tb.cleanups[0]()
	if _, err := tls.Dial("tcp", s.AMQPAddr(), s.ClientTLSConfig()); err == nil {
		t.Error("the test server still serves after its cleanup")
	}
	bad := &fakeTB{}
	if s := NewTestServer(bad, Options{AMQPAddr: "256.0.0.1:0"}); s != nil || !strings.Contains(bad.failed, "starting the embedded IoT Hub") {
		t.Errorf("a hub that cannot start: %v, failed %q", s, bad.failed)
	}
}

// A certificate and key the user gives are served, and CAPEM is what the
// certificate file holds.
func TestGivenCertificate(t *testing.T) {
	ca, err := pki.NewAuthority("users-own CA")
	if err != nil {
		t.Fatal(err)
	}
	cert, err := ca.IssueServer("hub.example.test")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	certFile, keyFile := filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	chain := append(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: cert.Certificate[0]}), ca.CertPEM()...)
	key, _ := x509.MarshalPKCS8PrivateKey(cert.PrivateKey)
	if err := os.WriteFile(certFile, chain, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: key}), 0o600); err != nil {
		t.Fatal(err)
	}
	h := startHub(t, Options{HostName: "hub.example.test", CertFile: certFile, KeyFile: keyFile})
	if string(h.CAPEM()) != string(chain) {
		t.Error("CAPEM is not the given certificate file")
	}
	conn, err := tls.Dial("tcp", h.HTTPSAddr(), h.ClientTLSConfig())
	if err != nil {
		t.Fatalf("TLS with the given certificate: %v", err)
	}
	if got := conn.ConnectionState().PeerCertificates[0].Subject.CommonName; got != "hub.example.test" {
		t.Errorf("served certificate %q", got)
	}
	_ = conn.Close()
}

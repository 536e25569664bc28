package amqpserver

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"net"
	"runtime/pprof"
	"strings"
	"testing"
	"time"

	"github.com/Azure/go-amqp"
)

// testServer is a Server on a loopback TCP port, closed when the test ends.
type testServer struct {
	*Server
	addr string
}

// startServer serves nodes on a random loopback port. Options.NewConnHandler
// is filled in when nil.
func startServer(t testing.TB, opts Options, mux *Mux) *testServer {
	t.Helper()
	return startServerOn(t, opts, mux, nil)
}

// startTLSServer is startServer behind crypto/tls with a certificate made for
// the test; it returns the pool that trusts the certificate.
func startTLSServer(t testing.TB, opts Options, mux *Mux) (*testServer, *x509.CertPool) {
	t.Helper()
	cert, pool, _ := testCert(t)
	return startServerOn(t, opts, mux, tlsConfig(cert)), pool
}

func tlsConfig(cert tls.Certificate) *tls.Config {
	return &tls.Config{Certificates: []tls.Certificate{cert}}
}

func startServerOn(t testing.TB, opts Options, mux *Mux, tlsConfig *tls.Config) *testServer {
	t.Helper()
	if opts.NewConnHandler == nil {
		opts.NewConnHandler = func(*Conn) (ConnHandler, error) { return ConnHandler{Nodes: mux}, nil }
	}
	srv, err := NewServer(opts)
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	if tlsConfig != nil {
		ln = tls.NewListener(ln, tlsConfig)
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(context.Background(), ln) }()
	t.Cleanup(func() {
		if err := srv.Close(); err != nil {
			t.Errorf("closing the server: %v", err)
		}
		if err := <-served; err != ErrServerClosed {
			t.Errorf("Serve returned %v, want ErrServerClosed", err)
		}
	})
	return &testServer{Server: srv, addr: ln.Addr().String()}
}

// dial connects go-amqp to the server, over TLS when opts has a TLSConfig.
func dial(t testing.TB, addr string, opts *amqp.ConnOptions) *amqp.Conn {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	scheme := "amqp://"
	if opts != nil && opts.TLSConfig != nil {
		scheme = "amqps://"
	}
	conn, err := amqp.Dial(ctx, scheme+addr, opts)
	if err != nil {
		t.Fatalf("dial: %v", err)
	}
	t.Cleanup(func() { _ = conn.Close() })
	return conn
}

func session(t testing.TB, conn *amqp.Conn) *amqp.Session {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	s, err := conn.NewSession(ctx, nil)
	if err != nil {
		t.Fatalf("new session: %v", err)
	}
	return s
}

// waitFor polls cond until it holds or the deadline passes.
func waitFor(t testing.TB, within time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(within)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %v waiting for %s", within, what)
		}
		time.Sleep(2 * time.Millisecond)
	}
}

// testCtx is a context that ends with the test or after d.
func testCtx(t testing.TB, d time.Duration) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	t.Cleanup(cancel)
	return ctx
}

// checkNoGoroutines fails the test when a goroutine of this package is still
// running. Only tests that do not run in parallel may call it: parallel tests
// start after all the others, so then no other server is running.
func checkNoGoroutines(t testing.TB) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		left := serverGoroutines()
		if len(left) == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d goroutines of the server are left:\n%s", len(left), strings.Join(left, "\n\n"))
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// serverGoroutines returns the stacks of goroutines running this package's
// server code (test code excluded).
func serverGoroutines() []string {
	var left []string
	for _, g := range strings.Split(goroutineDump(), "\n\n") {
		if strings.Contains(g, "internal/amqpserver.(*Conn)") || strings.Contains(g, "internal/amqpserver.(*Server)") {
			left = append(left, g)
		}
	}
	return left
}

func goroutineDump() string {
	var b strings.Builder
	_ = pprof.Lookup("goroutine").WriteTo(&b, 2)
	return b.String()
}

package amqpserver

import (
	"context"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/Azure/go-amqp"
	"github.com/hubspec/hubspec/internal/amqpwire"
)

// These tests do not run in parallel: Go starts parallel tests only after the
// others, so while they run no other test's server exists, and any goroutine
// of this package is theirs.

func TestNoGoroutineLeftAfterServerClose(t *testing.T) {
	checkNoGoroutines(t)
	q := newQueueNode()
	mux := NewMux()
	mux.Handle("/q", q)
	srv, err := NewServer(Options{NewConnHandler: func(*Conn) (ConnHandler, error) { return ConnHandler{Nodes: mux}, nil }})
	if err != nil {
		t.Fatal(err)
	}
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	served := make(chan error, 1)
	go func() { served <- srv.Serve(context.Background(), ln) }()

	// a connection with links and a delivery in flight
	conn := dial(t, ln.Addr().String(), nil)
	ctx := testCtx(t, 10*time.Second)
	s := session(t, conn)
	sendAll(ctx, t, s, 2, nil, numberBody)
	rcv, err := s.NewReceiver(ctx, "/q", &amqp.ReceiverOptions{Credit: 1})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := rcv.Receive(ctx, nil); err != nil {
		t.Fatal(err)
	}
	// a TCP peer that never speaks, and one that stops in the SASL layer
	silent, _ := net.Dial("tcp", ln.Addr().String())
	defer silent.Close()
	halfway, _ := net.Dial("tcp", ln.Addr().String())
	defer halfway.Close()
	_, _ = halfway.Write(amqpwire.ProtoHeaderFor(amqpwire.ProtoSASL).Bytes())
	// an in-memory connection
	p := connectFakePeer(t, srv)
	p.open(nil)
	waitFor(t, 5*time.Second, "four connections", func() bool { return srv.NumConns() == 4 })

	if err := srv.Close(); err != nil {
		t.Fatal(err)
	}
	if err := <-served; err != ErrServerClosed {
		t.Errorf("Serve returned %v", err)
	}
	if err := p.waitServed(); err == nil {
		t.Error("ServeConn ended without an error on a dropped connection")
	}
	checkNoGoroutines(t)
}

func TestConnectionGoroutinesEndWithTheConnection(t *testing.T) {
	checkNoGoroutines(t)
	ts, _, _ := queueServer(t, Options{}, false)
	conn := dial(t, ts.addr, nil)
	ctx := testCtx(t, 10*time.Second)
	sendAll(ctx, t, session(t, conn), 1, nil, numberBody)
	if !strings.Contains(goroutineDump(), "amqpserver.(*Conn).readLoop") {
		t.Fatal("no read loop while the connection is up")
	}
	_ = conn.Close()
	waitFor(t, 5*time.Second, "the connection's goroutines to end", func() bool {
		return ts.NumConns() == 0 && !strings.Contains(goroutineDump(), "amqpserver.(*Conn)")
	})
}

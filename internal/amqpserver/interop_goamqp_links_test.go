package amqpserver

import (
	"errors"
	"net"
	"sync/atomic"
	"testing"
	"time"

	"github.com/Azure/go-amqp"
	"github.com/hubspec/hubspec/internal/amqpwire"
)

// onConn runs fn on the connection's goroutine and returns its result.
func onConn[T any](t *testing.T, c *Conn, fn func() T) T {
	t.Helper()
	got := make(chan T, 1)
	if !c.Run(func() { got <- fn() }) {
		t.Fatal("the connection is gone")
	}
	select {
	case v := <-got:
		return v
	case <-time.After(10 * time.Second):
		t.Fatal("the connection goroutine did not run the function")
		panic("unreachable")
	}
}

func TestGoAMQPDrain(t *testing.T) {
	t.Parallel()
	ts, p, _ := queueServer(t, Options{}, false)
	conn := dial(t, ts.addr, nil)
	ctx := testCtx(t, 30*time.Second)
	s := session(t, conn)
	sendAll(ctx, t, s, 3, nil, numberBody)
	rcv, err := s.NewReceiver(ctx, "/q", &amqp.ReceiverOptions{Credit: -1})
	if err != nil {
		t.Fatal(err)
	}
	if err := rcv.IssueCredit(10); err != nil {
		t.Fatal(err)
	}
	for i := range 3 {
		m, err := rcv.Receive(ctx, nil)
		if err != nil || string(m.GetData()) != string(numberBody(i)) {
			t.Fatalf("receive %d: %v %v", i, m, err)
		}
		_ = rcv.AcceptMessage(ctx, m)
	}
	// go-amqp drains with link-credit 0 in its flow (it takes the credit back
	// and waits for the answer); the server answers with drain set.
	if err := rcv.DrainCredit(ctx, nil); err != nil {
		t.Fatalf("drain: %v", err)
	}
	l := p.links()[1]
	if got := onConn(t, l.Conn(), func() [2]uint32 { return [2]uint32{l.Credit(), l.deliveryCount} }); got != [2]uint32{0, 3} {
		t.Fatalf("after the drain the server has credit %d and delivery-count %d, want 0 and 3", got[0], got[1])
	}
	sendAll(ctx, t, s, 2, nil, func(i int) []byte { return numberBody(i + 3) })
	if err := rcv.IssueCredit(2); err != nil {
		t.Fatal(err)
	}
	for i := 3; i < 5; i++ {
		m, err := rcv.Receive(ctx, nil)
		if err != nil || string(m.GetData()) != string(numberBody(i)) {
			t.Fatalf("receive %d after the drain: %v %v", i, m, err)
		}
		_ = rcv.AcceptMessage(ctx, m)
	}
}

// A link the server refuses reaches go-amqp v1.7.0 as the *amqp.Error of the
// detach (go-amqp returns detach.Error from NewSender/NewReceiver as it is);
// a link the hub detaches later reaches it as an *amqp.LinkError.
func TestGoAMQPRefusedLinks(t *testing.T) {
	t.Parallel()
	q := newQueueNode()
	mux := NewMux()
	mux.Handle("/q", q)
	mux.Handle("/locked", NodeFunc(func(*Link) (Accept, error) {
		return Accept{}, amqpwire.NewError(amqpwire.ConditionUnauthorizedAccess, "the token has expired")
	}))
	ts := startServer(t, Options{}, mux)
	conn := dial(t, ts.addr, nil)
	ctx := testCtx(t, 30*time.Second)
	s := session(t, conn)
	for _, tc := range []struct {
		addr string
		want amqp.ErrCond
	}{{"/nowhere", amqp.ErrCondNotFound}, {"/locked", amqp.ErrCondUnauthorizedAccess}} {
		_, errR := s.NewReceiver(ctx, tc.addr, nil)
		_, errS := s.NewSender(ctx, tc.addr, nil)
		for _, err := range []error{errR, errS} {
			var ae *amqp.Error
			if !errors.As(err, &ae) || ae.Condition != tc.want {
				t.Errorf("attach to %s: got %v (%T), want an *amqp.Error with %s", tc.addr, err, err, tc.want)
			}
		}
	}
	sendAll(ctx, t, s, 1, nil, numberBody)
	receiveAll(ctx, t, s, 1, nil, numberBody)
}

func TestGoAMQPHubDetachesALink(t *testing.T) {
	t.Parallel()
	ts, p, _ := queueServer(t, Options{}, false)
	conn := dial(t, ts.addr, nil)
	ctx := testCtx(t, 30*time.Second)
	s := session(t, conn)
	rcv, err := s.NewReceiver(ctx, "/q", nil)
	if err != nil {
		t.Fatal(err)
	}
	p.links()[0].Detach(amqpwire.NewError(amqpwire.ConditionUnauthorizedAccess, "the token has expired"))
	_, err = rcv.Receive(ctx, nil)
	var le *amqp.LinkError
	if !errors.As(err, &le) || le.RemoteErr == nil || le.RemoteErr.Condition != amqp.ErrCondUnauthorizedAccess {
		t.Fatalf("receive on a detached link: got %v (%T), want an *amqp.LinkError with amqp:unauthorized-access", err, err)
	}
}

func TestGoAMQPHubClosesTheConnection(t *testing.T) {
	t.Parallel()
	ts, p, _ := queueServer(t, Options{}, false)
	conn := dial(t, ts.addr, nil)
	ctx := testCtx(t, 30*time.Second)
	s := session(t, conn)
	if _, err := s.NewReceiver(ctx, "/q", nil); err != nil {
		t.Fatal(err)
	}
	p.links()[0].Conn().Close(amqpwire.NewError(amqpwire.ConditionUnauthorizedAccess, "no valid token"))
	select {
	case <-conn.Done():
	case <-ctx.Done():
		t.Fatal("the client did not see the close")
	}
	var ce *amqp.ConnError
	if err := conn.Err(); !errors.As(err, &ce) || ce.RemoteErr == nil || ce.RemoteErr.Condition != amqp.ErrCondUnauthorizedAccess {
		t.Fatalf("got %v, want an *amqp.ConnError with amqp:unauthorized-access", err)
	}
}

// countingConn counts the bytes the client reads.
type countingConn struct {
	net.Conn
	read atomic.Int64
}

func (c *countingConn) Read(b []byte) (int, error) {
	n, err := c.Conn.Read(b)
	c.read.Add(int64(n))
	return n, err
}

// Both ends time out after 2 s of silence; heartbeats keep an idle connection
// up for 10 s. Not parallel: the package's 10,000-message tests starving
// either end for 2 s would fail it for a reason other than heartbeats.
func TestGoAMQPHeartbeatsKeepAnIdleConnectionAlive(t *testing.T) {
	ts, _, _ := queueServer(t, Options{IdleTimeout: 2 * time.Second}, false)
	nc, err := net.Dial("tcp", ts.addr)
	if err != nil {
		t.Fatal(err)
	}
	cc := &countingConn{Conn: nc}
	ctx := testCtx(t, 60*time.Second)
	conn, err := amqp.NewConn(ctx, cc, &amqp.ConnOptions{IdleTimeout: 2 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	s := session(t, conn)
	before := cc.read.Load()
	select {
	case <-conn.Done():
		t.Fatalf("the connection died while idle: %v", conn.Err())
	case <-time.After(10 * time.Second):
	}
	// at least one heartbeat per second of idleness: 8-byte empty frames
	if got := cc.read.Load() - before; got < 10*8 {
		t.Errorf("the client read %d bytes in 10 idle seconds, want heartbeats", got)
	}
	sendAll(ctx, t, s, 1, nil, numberBody)
	receiveAll(ctx, t, s, 1, nil, numberBody)
}

package iothub

import (
	"context"
	"errors"
	"testing"
)

// When the hub closes a connection with an error of its own (here
// amqp:not-allowed, provoked with go-amqp's abandoned session; on Azure
// amqp:connection:forced, say), the connection is lost as much as when the
// network drops it: the state change says so, with the hub's condition, a
// Receive waiting on it carries on after the reconnect, and a delivery held
// from it can no longer be settled.
func TestE2EConnectionClosedByTheHub(t *testing.T) {
	f := sharedConnection(t)
	conn, a, b, svc, st, held := f.conn, f.a, f.b, f.svc, f.st, f.held
	waiting := make(chan *Message, 1)
	go func() {
		m, err := a.Receive(within(t))
		if err != nil {
			t.Errorf("a Receive waiting through the hub's close: %v", err)
		}
		waiting <- m
	}()

	provokeHubClose(t, conn.conn)
	waitUntil(t, "the reconnect", func() bool { return st.seen(StateConnected) == 1 })
	send(t, svc, "dev-a", &Message{Body: []byte("after"), MessageID: "after"})
	if m := <-waiting; m == nil || m.MessageID != "after" {
		t.Fatalf("the waiting Receive got %+v; want the message sent after the reconnect", m)
	}
	if err := b.Complete(within(t), held); !errors.Is(err, ErrMessageLockLost) {
		t.Errorf("completing a delivery of the closed connection = %v; want ErrMessageLockLost", err)
	}
	lost := st.list()[0]
	var e *Error
	if lost.State != StateDisconnected || !errors.Is(lost.Err, ErrConnectionLost) || !errors.As(lost.Err, &e) || e.Condition != "amqp:not-allowed" {
		t.Errorf("first state change %+v; want disconnected, ErrConnectionLost with the hub's condition", lost)
	}
}

// provokeHubClose makes the hub close c's live connection with
// amqp:not-allowed: go-amqp drops the begin of a session whose context has
// ended, then ends that session, on a channel the hub never saw begun.
func provokeHubClose(t *testing.T, c *connection) {
	t.Helper()
	g, err := c.live(within(t))
	if err != nil {
		t.Fatal(err)
	}
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := g.conn.NewSession(cancelled, nil); err == nil {
		t.Fatal("a session began on an ended context")
	}
	_, _ = g.conn.NewSession(within(t), nil) // sends the end first
}

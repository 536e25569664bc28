package iothub

import (
	"context"
	"errors"
	"sync"
	"testing"

	"github.com/hubspec/hubspec/hub"
)

// A device whose caller gives up while its link is being attached again
// costs the other devices on its connection nothing. go-amqp drops a begin
// whose context has ended before the frame is written, and ends that session
// later anyway, on a channel the hub never saw begun; the hub answers that
// with a close, which took every device of the connection with it: a
// delivery held unsettled by another device was then lost and came back
// with delivery count 0.
func TestE2ECancelledAttachKeepsTheConnection(t *testing.T) {
	f := sharedConnection(t)
	a, b, svc, st, held := f.a, f.b, f.svc, f.st, f.held

	_, gen, err := a.recv.get(within(t))
	if err != nil {
		t.Fatal(err)
	}
	a.recv.drop(within(t), gen) // as after a detach: a's next Receive attaches again
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := a.Receive(cancelled); !errors.Is(err, context.Canceled) {
		t.Fatalf("Receive with an ended context = %v; want context.Canceled", err)
	}
	send(t, svc, "dev-a", &Message{Body: []byte("next"), MessageID: "next"})
	complete(t, a, receive(t, a)) // attaches with a live context
	complete(t, b, held)
	if n := st.seen(StateDisconnected); n != 0 {
		t.Errorf("the connection was lost %d times: %+v", n, st.list())
	}
}

// sharedFixture is two devices on one connection, the state changes of the
// connection, a service client, and a message b holds unsettled.
type sharedFixture struct {
	conn *DeviceConnection
	a, b *AMQPDevice
	svc  *ServiceClient
	st   *states
	held *Message
}

// sharedConnection connects devices dev-a and dev-b over one connection and
// has dev-b receive a message it holds unsettled.
func sharedConnection(t *testing.T) *sharedFixture {
	t.Helper()
	h := startHub(t, hub.Options{})
	csA, csB := h.createDevice("dev-a"), h.createDevice("dev-b")
	f := &sharedFixture{st: &states{}}
	opts := h.options()
	opts.OnStateChange = f.st.record
	conn, err := NewDeviceConnection(within(t), "localhost", opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = conn.Close(context.Background()) })
	f.conn, f.a, f.b = conn, addDevice(t, conn, csA), addDevice(t, conn, csB)
	f.svc = h.service(h.options())
	send(t, f.svc, "dev-b", &Message{Body: []byte("held"), MessageID: "held"})
	f.held = receive(t, f.b)
	return f
}

// addDevice adds the device of cs to conn and fails the test on an error.
func addDevice(t *testing.T, conn *DeviceConnection, cs ConnectionString) *AMQPDevice {
	t.Helper()
	d, err := conn.AddDevice(within(t), cs)
	if err != nil {
		t.Fatalf("add device %s: %v", cs.DeviceID, err)
	}
	return d
}

// A caller that gives up while its session's begin is on the way gets its
// context's error at once, and the connection stays usable: the next session
// begins. (Handed such a context, go-amqp may drop the begin unwritten and
// later end the session on a channel the hub never saw begun, which the hub
// answers with a close: the race the previous test shows for a context that
// had already ended.)
func TestE2EBeginSessionGivenUpMidway(t *testing.T) {
	h := startHub(t, hub.Options{})
	g := dialGeneration(t, h)
	ctx := newEndsAfterFirstLook()
	if _, err := beginSession(ctx, g.conn); !errors.Is(err, context.Canceled) {
		t.Fatalf("begin given up midway = %v; want context.Canceled", err)
	}
	s, err := beginSession(within(t), g.conn)
	if err != nil {
		t.Fatalf("the next begin on the connection: %v", err)
	}
	if err := s.Close(within(t)); err != nil {
		t.Errorf("ending the next session: %v", err)
	}
}

// dialGeneration opens one AMQP connection to h with $cbs attached, closed
// with the test.
func dialGeneration(t *testing.T, h *e2eHub) *generation {
	t.Helper()
	opts := h.options().withDefaults()
	tlsConfig, err := opts.tlsConfig("localhost")
	if err != nil {
		t.Fatal(err)
	}
	c := newConnection("devices", newEndpoint("localhost", "", opts.AMQPAddr, "5671"), opts, tlsConfig)
	t.Cleanup(c.cancel)
	g, err := c.dial(within(t), 1)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = g.close() })
	return g
}

// endsAfterFirstLook is a context that ends just after its first Err: a
// caller that gives up right after a call has checked its context.
type endsAfterFirstLook struct {
	context.Context
	once sync.Once
	done chan struct{}
}

func newEndsAfterFirstLook() *endsAfterFirstLook {
	return &endsAfterFirstLook{Context: context.Background(), done: make(chan struct{})}
}

func (c *endsAfterFirstLook) Done() <-chan struct{} { return c.done }

func (c *endsAfterFirstLook) Err() error {
	ended := true
	c.once.Do(func() { ended = false; close(c.done) })
	if ended {
		return context.Canceled
	}
	return nil
}

package iothub

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/hubspec/hubspec/hub"
)

// proxiedOptions reach h through proxy, reconnect at once, and record state
// changes in st.
func proxiedOptions(h *e2eHub, proxy *cutProxy, st *states) *Options {
	opts := h.options()
	opts.AMQPAddr, opts.OnStateChange = proxy.addr(), st.record
	opts.Retry = RetryPolicy{InitialDelay: time.Millisecond, MaxDelay: 10 * time.Millisecond}
	return opts
}

// When the network drops the connection, device and service say so, dial
// again, put their tokens again and re-attach every link: a Receive waiting
// through it gets the message the hub took back, the lost delivery can no
// longer be settled, and sending and feedback carry on.
func TestE2EReconnectAfterADroppedConnection(t *testing.T) {
	h := startHub(t, hub.Options{})
	cs := h.createDevice("dev1")
	proxy := newCutProxy(t, h.srv.AMQPAddr())
	var deviceStates, serviceStates states
	d := h.openDevice(cs, proxiedOptions(h, proxy, &deviceStates))
	svc := h.service(proxiedOptions(h, proxy, &serviceStates))
	fr := feedbackReceiver(t, svc)

	send(t, svc, "dev1", &Message{Body: []byte("one"), MessageID: "m-1", Ack: AckFull})
	held := receive(t, d)
	waiting := make(chan *Message, 1)
	go func() {
		m, err := d.Receive(within(t))
		if err != nil {
			t.Errorf("a Receive waiting through the reconnect: %v", err)
		}
		waiting <- m
	}()
	proxy.cut()
	waitUntil(t, "both to reconnect", func() bool {
		return deviceStates.seen(StateConnected) == 1 && serviceStates.seen(StateConnected) == 1
	})

	if err := d.Complete(within(t), held); !errors.Is(err, ErrMessageLockLost) {
		t.Errorf("completing the delivery of the lost connection = %v; want ErrMessageLockLost", err)
	}
	again := <-waiting
	if again == nil || again.MessageID != "m-1" || again.DeliveryCount != 0 {
		t.Fatalf("after the reconnect got %+v; want m-1 again, delivery count 0 (a lost lock is not a delivery)", again)
	}
	complete(t, d, again)
	send(t, svc, "dev1", &Message{Body: []byte("two"), MessageID: "m-2", Ack: AckFull})
	complete(t, d, receive(t, d))
	if got := feedbackUntil(t, fr, "m-2"); len(got) != 2 || got[0].OriginalMessageID != "m-1" || got[0].Status != FeedbackSuccess {
		t.Errorf("feedback = %+v; want Success for m-1 then m-2", got)
	}
	checkReconnected(t, deviceStates.list(), "devices")
	checkReconnected(t, serviceStates.list(), "service")
}

// checkReconnected checks one loss and one reconnect, in order, named.
func checkReconnected(t *testing.T, changes []StateChange, connection string) {
	t.Helper()
	var got []ConnectionState
	for _, c := range changes {
		got = append(got, c.State)
		if c.Connection != connection || c.Host != "localhost" {
			t.Errorf("%+v; want connection %s, host localhost", c, connection)
		}
	}
	want := []ConnectionState{StateDisconnected, StateReconnecting, StateConnected}
	if !slices.Equal(got, want) {
		t.Fatalf("%s: states %v; want %v", connection, got, want)
	}
	if !errors.Is(changes[0].Err, ErrConnectionLost) || changes[1].Attempt != 1 || changes[2].Attempt != 1 {
		t.Errorf("%s: %+v; want the loss as ErrConnectionLost and attempt 1", connection, changes)
	}
}

// When the hub cannot be reached again, reconnecting gives up once the retry
// policy runs out: closed with ErrConnectionLost, and every call fails so.
func TestE2EReconnectGivesUp(t *testing.T) {
	h := startHub(t, hub.Options{})
	cs := h.createDevice("dev1")
	proxy := newCutProxy(t, h.srv.AMQPAddr())
	var st, sst states
	opts := proxiedOptions(h, proxy, &st)
	opts.Retry.MaxAttempts = 3
	d := h.openDevice(cs, opts)
	sopts := proxiedOptions(h, proxy, &sst)
	sopts.Retry.MaxAttempts = 3
	svc := h.service(sopts)
	proxy.close()
	waitUntil(t, "both to give up", func() bool { return st.seen(StateClosed) == 1 && sst.seen(StateClosed) == 1 })
	if n := st.seen(StateReconnecting); n != 3 || !errors.Is(st.last().Err, ErrConnectionLost) {
		t.Fatalf("%d reconnect attempts, last change %+v; want 3, then closed with ErrConnectionLost", n, st.last())
	}
	if _, err := d.Receive(within(t)); !errors.Is(err, ErrConnectionLost) {
		t.Errorf("receive after giving up = %v; want ErrConnectionLost", err)
	}
	if err := sendErr(svc, "dev1", &Message{Body: []byte("x")}); !errors.Is(err, ErrConnectionLost) {
		t.Errorf("send after giving up = %v; want ErrConnectionLost", err)
	}
}

// After a loss, a connection that carries many devices puts every device's
// token again and re-attaches every device's link.
func TestE2EMultiplexedConnectionReconnects(t *testing.T) {
	const n = 100
	h := startHub(t, hub.Options{})
	fleet := make([]DeviceIdentity, n)
	for i := range fleet {
		fleet[i].DeviceID = "dev-" + strconv.Itoa(i)
	}
	created, err := h.registry().CreateDevices(within(t), fleet)
	if err != nil || created.Err() != nil {
		t.Fatalf("bulk create: %v, %v", err, created.Err())
	}
	proxy := newCutProxy(t, h.srv.AMQPAddr())
	var st states
	conn, err := NewDeviceConnection(within(t), "localhost", proxiedOptions(h, proxy, &st))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = conn.Close(within(t)) })
	devices := make([]*AMQPDevice, n)
	for i, d := range created.Devices {
		if devices[i], err = conn.AddDevice(within(t), d.ConnectionString("localhost")); err != nil {
			t.Fatal(err)
		}
	}
	proxy.cut()
	waitUntil(t, "the reconnect", func() bool { return st.seen(StateConnected) == 1 })
	svc := h.service(h.options())
	for _, d := range devices {
		send(t, svc, d.DeviceID(), &Message{Body: []byte(d.DeviceID())})
	}
	forEach(within(t), n, devices, func(ctx context.Context, d *AMQPDevice) {
		if err := receiveOwn(ctx, d); err != nil {
			t.Error(err)
		}
	})
	if n := st.seen(StateRenewFailed); n != 0 {
		t.Errorf("%d tokens refused on the new connection", n)
	}
}

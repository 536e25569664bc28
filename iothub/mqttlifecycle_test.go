package iothub

import (
	"context"
	"errors"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/hubspec/hubspec/hub/core"
)

// noMQTTLeak returns a check that fails the test if a goroutine of paho or
// of MQTTDevice is still running once the test's work is done.
func noMQTTLeak(t *testing.T) func() {
	t.Helper()
	return func() {
		t.Helper()
		waitUntil(t, "MQTT client goroutines to end", func() bool { return mqttGoroutines() == "" })
	}
}

// mqttGoroutines is the stack of every goroutine of paho or of this
// package's MQTT client.
func mqttGoroutines() string {
	buf := make([]byte, 1<<20)
	buf = buf[:runtime.Stack(buf, true)]
	var out []string
	for _, g := range strings.Split(string(buf), "\n\n") {
		if strings.Contains(g, "eclipse/paho") || strings.Contains(g, "iothub.(*MQTTDevice)") || strings.Contains(g, "iothub.(*mqttConn)") {
			out = append(out, g)
		}
	}
	return strings.Join(out, "\n\n")
}

func TestMQTTCloseLeavesNoGoroutineAndEndsEveryCall(t *testing.T) {
	h := startMQTTHub(t)
	waitUntil(t, "earlier tests' clients to end", func() bool { return mqttGoroutines() == "" })
	done := noMQTTLeak(t)
	svc := h.service()
	var st states
	opts := h.options()
	opts.OnStateChange = st.record
	d, err := OpenMQTTDevice(context.Background(), h.addDevice("dev1"), opts)
	if err != nil {
		t.Fatal(err)
	}
	send(t, svc, "dev1", &Message{Body: []byte("x"), MessageID: "m-1"})
	m := receive(t, d)
	receiving := make(chan error, 1)
	go func() {
		_, err := d.Receive(context.Background())
		receiving <- err
	}()
	if err := d.Close(context.Background()); err != nil {
		t.Fatal(err)
	}
	if err := <-receiving; !errors.Is(err, ErrClosed) {
		t.Errorf("a Receive waiting at Close returned %v; want ErrClosed", err)
	}
	if _, err := d.Receive(context.Background()); !errors.Is(err, ErrClosed) {
		t.Errorf("Receive after Close = %v; want ErrClosed", err)
	}
	if err := d.Complete(context.Background(), m); !errors.Is(err, ErrMessageLockLost) {
		t.Errorf("Complete after Close = %v; want ErrMessageLockLost", err)
	}
	if err := d.Close(context.Background()); err != nil {
		t.Errorf("second Close = %v", err)
	}
	if st.seen(StateClosed) != 1 {
		t.Errorf("states = %+v; want one closed", st.list())
	}
	done()
	waitUntil(t, "the unacknowledged message back in the queue", func() bool { return h.queueDepth("dev1") == 1 })
}

func TestMQTTCompleteRefusesAMessageOfAnotherReceiver(t *testing.T) {
	h := startMQTTHub(t)
	d1 := h.open(h.addDevice("dev1"), h.options())
	d2 := h.open(h.addDevice("dev2"), h.options())
	send(t, h.service(), "dev1", &Message{Body: []byte("x"), MessageID: "m-1"})
	m := receive(t, d1)
	for name, msg := range map[string]*Message{"another device's": m, "a sent": NewMessage(nil)} {
		if err := d2.Complete(context.Background(), msg); !errors.Is(err, ErrArgument) {
			t.Errorf("Complete of %s message = %v; want ErrArgument", name, err)
		}
	}
}

func TestMQTTTokenRenewalConnectsAgainWithANewToken(t *testing.T) {
	h := startMQTTHub(t)
	svc := h.service()
	var st states
	opts, clock := clockedOptions(h, &st)
	opts.TokenLifetime = time.Hour
	d := h.open(h.addDevice("dev1"), opts)
	first := d.current()
	if want := clock.Now().Add(time.Hour); !first.expiry.Equal(want) {
		t.Fatalf("first token expires %v; want %v", first.expiry, want)
	}
	send(t, svc, "dev1", &Message{Body: []byte("x"), MessageID: "m-1", Ack: AckFull})
	held := receive(t, d)

	waitUntil(t, "the renewal timer", func() bool { return clock.Waiters() == 1 })
	clock.Advance(45 * time.Minute) // the renewal margin is a quarter of the lifetime
	waitUntil(t, "a new connection", func() bool { c := d.current(); return c != nil && c != first })
	if want := clock.Now().Add(time.Hour); !d.current().expiry.Equal(want) {
		t.Errorf("renewed token expires %v; want %v", d.current().expiry, want)
	}
	checkRedelivered(t, svc, d, held, d)
	if st.seen(StateDisconnected) != 0 || st.seen(StateRenewFailed) != 0 {
		t.Errorf("states = %+v; a renewal is not a disconnection", st.list())
	}
}

func TestMQTTFailedRenewalKeepsTheConnectionAndRetries(t *testing.T) {
	h := startMQTTHub(t)
	svc := h.service()
	var st states
	opts, clock := clockedOptions(h, &st)
	opts.Retry = RetryPolicy{InitialDelay: time.Minute, Jitter: 1e-9}
	d := h.open(h.addDevice("dev1"), opts)
	first := d.current()
	if _, err := h.core.UpdateDevice(core.DeviceSpec{DeviceID: "dev1", PrimaryKey: testKey, SecondaryKey: testKey}, "*"); err != nil {
		t.Fatal(err)
	}

	waitUntil(t, "the renewal timer", func() bool { return clock.Waiters() == 1 })
	clock.Advance(45 * time.Minute)
	waitUntil(t, "the renewal to fail", func() bool { return st.seen(StateRenewFailed) == 1 })
	if err := st.last().Err; !errors.Is(err, ErrUnauthorized) {
		t.Errorf("renew-failed error = %v; want ErrUnauthorized", err)
	}
	if d.current() != first {
		t.Fatal("the connection was replaced; want the old one kept")
	}
	send(t, svc, "dev1", &Message{Body: []byte("still here"), MessageID: "m-1"})
	if m := receive(t, d); m.MessageID != "m-1" {
		t.Errorf("got %q; want m-1 on the kept connection", m.MessageID)
	}
	waitUntil(t, "the retry timer", func() bool { return clock.Waiters() == 1 })
	clock.Advance(time.Minute)
	waitUntil(t, "the second try", func() bool { return st.seen(StateRenewFailed) == 2 })
}

func TestMQTTReconnectGivesUpWhenTheHubRefusesTheDevice(t *testing.T) {
	h := startMQTTHub(t)
	var st states
	opts := h.options()
	opts.OnStateChange = st.record
	opts.Retry = RetryPolicy{InitialDelay: time.Millisecond}
	d := h.open(h.addDevice("dev1"), opts)
	if err := h.core.DeleteDevice("dev1", "*"); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), patience)
	defer cancel()
	_, err := d.Receive(ctx)
	if !errors.Is(err, ErrConnectionLost) || !errors.Is(err, ErrUnauthorized) {
		t.Errorf("Receive after the device was deleted = %v; want a lost connection, refused as unauthorized", err)
	}
	want := []ConnectionState{StateDisconnected, StateReconnecting, StateClosed}
	var got []ConnectionState
	for _, c := range st.list() {
		got = append(got, c.State)
	}
	if strings.Join(states2strings(got), ",") != strings.Join(states2strings(want), ",") {
		t.Errorf("states = %v; want %v", got, want)
	}
}

func states2strings(s []ConnectionState) []string {
	out := make([]string, len(s))
	for i, c := range s {
		out[i] = string(c)
	}
	return out
}

func TestMQTTRedeliveryAfterALockExpiryIsCompletedOnce(t *testing.T) {
	clock := core.NewFakeClock(time.Now())
	h := startMQTTHub(t, hubClock(clock))
	d := h.open(h.addDevice("dev1"), h.options())
	if err := h.core.Enqueue("dev1", &core.Message{MessageID: "m-1", Body: []byte("x"), Ack: core.AckFull}); err != nil {
		t.Fatal(err)
	}
	first := receive(t, d)
	clock.Advance(time.Duration(h.core.Config().Emulator.LockDuration))
	again := receive(t, d)
	if again.MessageID != "m-1" {
		t.Fatalf("after the lock expired got %q; want m-1 again", again.MessageID)
	}
	complete(t, d, again)
	complete(t, d, first) // the same packet id: no second PUBACK
	waitUntil(t, "the message to be completed", func() bool { return h.queueDepth("dev1") == 0 })
}

func TestMQTTReconnectGivesUpWhenTheRetryPolicyRunsOut(t *testing.T) {
	h := startMQTTHub(t)
	proxy := newCutProxy(t, h.mqttAddr)
	var st states
	opts := h.options()
	opts.MQTTAddr, opts.OnStateChange = proxy.addr(), st.record
	opts.Retry = RetryPolicy{InitialDelay: time.Millisecond, MaxAttempts: 3}
	d := h.open(h.addDevice("dev1"), opts)
	proxy.close() // the hub is unreachable from now on

	ctx, cancel := context.WithTimeout(context.Background(), patience)
	defer cancel()
	if _, err := d.Receive(ctx); !errors.Is(err, ErrConnectionLost) || errors.Is(err, ErrUnauthorized) {
		t.Errorf("Receive = %v; want a lost connection after the retries", err)
	}
	if st.seen(StateReconnecting) != 3 || st.seen(StateClosed) != 1 {
		t.Errorf("states = %+v; want three reconnect attempts, then closed", st.list())
	}
	if err := d.Close(ctx); err != nil {
		t.Errorf("Close after giving up = %v", err)
	}
}

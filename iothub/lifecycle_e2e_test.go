package iothub

import (
	"context"
	"errors"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/hubspec/hubspec/hub"
)

// amqpGoroutines is the stack of every goroutine of go-amqp, of this
// package's AMQP clients, or of an HTTP client connection (the registry's).
func amqpGoroutines() string {
	buf := make([]byte, 1<<20)
	buf = buf[:runtime.Stack(buf, true)]
	var out []string
	for _, g := range strings.Split(string(buf), "\n\n") {
		for _, mark := range []string{"Azure/go-amqp", "iothub.(*connection)", "iothub.(*cbsClient)", "iothub.forEach", "net/http.(*persistConn)"} {
			if strings.Contains(g, mark) {
				out = append(out, g)
				break
			}
		}
	}
	return strings.Join(out, "\n\n")
}

// noClientGoroutines waits for the AMQP and registry clients' goroutines
// to end, and names those that do not.
func noClientGoroutines(t *testing.T) {
	t.Helper()
	deadline := time.Now().Add(patience)
	for left := amqpGoroutines(); left != ""; left = amqpGoroutines() {
		if time.Now().After(deadline) {
			t.Fatalf("client goroutines still running after Close:\n%s", left)
		}
		time.Sleep(time.Millisecond)
	}
}

// Closing every AMQP client and the registry ends every goroutine they and
// go-amqp started, ends a Receive waiting meanwhile, and makes every later
// call fail with ErrClosed.
func TestE2ECloseLeavesNoGoroutineAndEndsEveryCall(t *testing.T) {
	h := startHub(t, hub.Options{})
	waitUntil(t, "earlier tests' clients to end", func() bool { return amqpGoroutines() == "" })
	ctx := within(t)
	reg, err := NewRegistry(h.owner, h.options())
	if err != nil {
		t.Fatal(err)
	}
	created, err := reg.CreateDevices(ctx, []DeviceIdentity{{DeviceID: "own"}, {DeviceID: "shared-1"}, {DeviceID: "shared-2"}})
	if err != nil || created.Err() != nil {
		t.Fatalf("bulk create: %v %v", err, created.Err())
	}
	svc, err := NewServiceClient(ctx, h.owner, h.options())
	if err != nil {
		t.Fatal(err)
	}
	fr, err := svc.FeedbackReceiver(ctx)
	if err != nil {
		t.Fatal(err)
	}
	own, err := OpenAMQPDevice(ctx, created.Devices[0].ConnectionString("localhost"), h.options())
	if err != nil {
		t.Fatal(err)
	}
	conn, err := NewDeviceConnection(ctx, "localhost", h.options())
	if err != nil {
		t.Fatal(err)
	}
	shared := make([]*AMQPDevice, 2)
	for i := range shared {
		if shared[i], err = conn.AddDevice(ctx, created.Devices[i+1].ConnectionString("localhost")); err != nil {
			t.Fatal(err)
		}
	}
	send(t, svc, "own", &Message{Body: []byte("x"), MessageID: "m-1", Ack: AckFull})
	complete(t, own, receive(t, own))
	feedbackUntil(t, fr, "m-1")

	waiting := map[string]chan error{}
	for name, d := range map[string]Device{"own": own, "shared": shared[0]} {
		waiting[name] = receiveInBackground(d)
	}
	waitingFeedback := make(chan error, 1)
	go func() { _, err := fr.Receive(context.Background()); waitingFeedback <- err }()

	for name, closeFn := range map[string]func(context.Context) error{
		"feedback receiver": fr.Close, "service": svc.Close, "own device": own.Close, "device connection": conn.Close,
	} {
		if err := closeFn(ctx); err != nil {
			t.Errorf("close %s: %v", name, err)
		}
	}
	reg.Close()
	for name, ch := range waiting {
		if err := <-ch; !errors.Is(err, ErrClosed) {
			t.Errorf("%s: a Receive waiting at Close = %v; want ErrClosed", name, err)
		}
	}
	if err := <-waitingFeedback; !errors.Is(err, ErrClosed) {
		t.Errorf("a feedback Receive waiting at Close = %v; want ErrClosed", err)
	}
	noClientGoroutines(t)
	checkClosed(t, svc, own, shared[1], conn)
}

func receiveInBackground(d Device) chan error {
	ch := make(chan error, 1)
	go func() { _, err := d.Receive(context.Background()); ch <- err }()
	return ch
}

// checkClosed checks that calls on closed clients fail with ErrClosed.
func checkClosed(t *testing.T, svc *ServiceClient, own, shared *AMQPDevice, conn *DeviceConnection) {
	t.Helper()
	ctx := within(t)
	_, addErr := conn.AddDevice(ctx, ConnectionString{HostName: "localhost", DeviceID: "late", SharedAccessKey: testKey})
	_, ownErr := own.Receive(ctx)
	_, sharedErr := shared.Receive(ctx)
	_, fbErr := svc.FeedbackReceiver(ctx)
	for name, err := range map[string]error{
		"send": svc.Send(ctx, "own", &Message{Body: []byte("late")}), "feedback receiver": fbErr,
		"receive (own)": ownErr, "receive (shared)": sharedErr, "add device": addErr,
	} {
		if !errors.Is(err, ErrClosed) {
			t.Errorf("%s after Close = %v; want ErrClosed", name, err)
		}
	}
}

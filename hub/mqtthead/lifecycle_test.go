package mqtthead_test

import (
	"context"
	"errors"
	"io"
	"net"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/hubspec/hubspec/hub/core"
	"github.com/hubspec/hubspec/hub/mqtthead"
)

// headGoroutines lists the goroutines running the head's or mochi's code.
func headGoroutines() []string {
	buf := make([]byte, 1<<20)
	buf = buf[:runtime.Stack(buf, true)]
	var out []string
	for _, g := range strings.Split(string(buf), "\n\n") {
		if strings.Contains(g, "hub/mqtthead.") || strings.Contains(g, "mochi-mqtt/server") {
			out = append(out, g)
		}
	}
	return out
}

func TestCloseEndsEveryConnectionAndGoroutine(t *testing.T) {
	h := startHub(t)
	var devices []*device
	for _, id := range []string{"dev1", "dev2", "dev3"} {
		d := h.subscribedDevice(id, 1)
		h.send(id, &core.Message{MessageID: "unacknowledged"})
		d.next()
		devices = append(devices, d)
	}
	idle, err := net.Dial("tcp", h.addr) // connected, no TLS, no CONNECT
	if err != nil {
		t.Fatal(err)
	}
	defer idle.Close()

	if err := h.head.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	for _, d := range devices {
		d.waitLost()
	}
	if _, err := idle.Read(make([]byte, 1)); !errors.Is(err, io.EOF) {
		t.Errorf("the idle connection reads %v after Close; want EOF", err)
	}
	// Close has waited for the head's goroutines; mochi ends each client's
	// write loop just after its connection closes, without a way to wait.
	waitFor(t, "the head's goroutines to end", func() bool { return len(headGoroutines()) == 0 })
	for _, id := range []string{"dev1", "dev2", "dev3"} {
		if dev, _ := h.core.Device(id); dev.ConnectionState != core.Disconnected || dev.CloudToDeviceMessageCount != 1 {
			t.Errorf("%s: %s with %d queued; want Disconnected with its unacknowledged message queued", id, dev.ConnectionState, dev.CloudToDeviceMessageCount)
		}
	}
}

// plainHead is a head without TLS on a fresh core, closed with the test.
func plainHead(t *testing.T, opts mqtthead.Options) *mqtthead.Head {
	t.Helper()
	hub, err := core.New(core.Config{}, core.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = hub.Close() })
	head, err := mqtthead.New(hub, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = head.Close() })
	return head
}

func TestServeAfterCloseAndOnCancel(t *testing.T) {
	head := plainHead(t, mqtthead.Options{})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- head.Serve(ctx, ln) }()
	cancel()
	if err := <-served; !errors.Is(err, context.Canceled) {
		t.Errorf("Serve after cancel = %v; want context.Canceled", err)
	}
	if _, err := net.Dial("tcp", ln.Addr().String()); err == nil {
		t.Error("the listener still accepts after cancel")
	}

	_ = head.Close()
	ln2, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	if err := head.Serve(context.Background(), ln2); !errors.Is(err, mqtthead.ErrServerClosed) || !errors.Is(err, net.ErrClosed) {
		t.Errorf("Serve after Close = %v; want ErrServerClosed, matching net.ErrClosed", err)
	}
	if err := head.Shutdown(context.Background()); err != nil {
		t.Errorf("Shutdown after Close = %v", err)
	}
	if _, err := net.Dial("tcp", ln2.Addr().String()); err == nil {
		t.Error("Serve after Close left its listener open")
	}
}

func TestConnectionWithoutConnectIsClosed(t *testing.T) {
	head := plainHead(t, mqtthead.Options{ConnectTimeout: 50 * time.Millisecond})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go head.Serve(context.Background(), ln)
	c, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	_ = c.SetReadDeadline(time.Now().Add(patience))
	if _, err := c.Read(make([]byte, 1)); !errors.Is(err, io.EOF) {
		t.Errorf("a silent connection reads %v; want EOF once the connect timeout passes", err)
	}
}

func TestDeletedDeviceIsDisconnected(t *testing.T) {
	h := startHub(t)
	d := h.subscribedDevice("dev1", 1)
	if err := h.core.DeleteDevice("dev1", "*"); err != nil {
		t.Fatal(err)
	}
	d.waitLost()
	if _, err := h.dial("dev1", otherKey); err == nil {
		t.Error("a deleted device connected again")
	}
}

func TestNewRejectsBadOptions(t *testing.T) {
	hub, err := core.New(core.Config{}, core.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer hub.Close()
	for _, o := range []mqtthead.Options{
		{MaxInFlight: -1}, {MaxInFlight: core.MaxQueueDepth + 1},
		{ConnectTimeout: -time.Second}, {MaxKeepAlive: time.Millisecond}, {MaxKeepAlive: 70000 * time.Second},
	} {
		if _, err := mqtthead.New(hub, o); err == nil {
			t.Errorf("New accepted %+v", o)
		}
	}
	if _, err := mqtthead.New(nil, mqtthead.Options{}); err == nil {
		t.Error("New accepted no hub")
	}
}

package iothub

import (
	"context"
	"crypto/tls"
	"errors"
	"io"
	"log/slog"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hubspec/hubspec/hub/amqphead"
	"github.com/hubspec/hubspec/hub/core"
	"github.com/hubspec/hubspec/hub/mqtthead"
)

// patience bounds every wait of the MQTT tests; reaching it is a failure.
const patience = 10 * time.Second

// mqttHub is the embedded hub's core with its AMQP and MQTT heads, each on a
// TLS listener of its own with a certificate made for the test. Services send
// through a ServiceClient over AMQP; devices receive through MQTTDevice.
type mqttHub struct {
	t        testing.TB
	core     *core.Hub
	pki      *testPKI
	amqpAddr string
	mqttAddr string
	logs     *lineLog // the MQTT head's log
	stops    []func()
}

type mqttHubOption func(*core.Options, *mqtthead.Options)

// hubClock runs the core on a fake clock.
func hubClock(c *core.FakeClock) mqttHubOption {
	return func(o *core.Options, _ *mqtthead.Options) { o.Clock = c }
}

// quietHub discards the MQTT head's log (benchmarks).
func quietHub() mqttHubOption {
	return func(_ *core.Options, o *mqtthead.Options) { o.Logger = slog.New(slog.DiscardHandler) }
}

func startMQTTHub(t testing.TB, options ...mqttHubOption) *mqttHub {
	t.Helper()
	h := &mqttHub{t: t, pki: newTestPKI(t, "localhost", "127.0.0.1"), logs: &lineLog{t: t}}
	copts := core.Options{HostName: "localhost", HostAliases: []string{"127.0.0.1"}}
	mopts := mqtthead.Options{Logger: slog.New(slog.NewTextHandler(h.logs, nil))}
	for _, o := range options {
		o(&copts, &mopts)
	}
	c, err := core.New(core.Config{}, copts)
	if err != nil {
		t.Fatal(err)
	}
	h.core = c
	t.Cleanup(h.stop)
	h.serveAMQP(copts.Clock)
	h.serveMQTT(mopts)
	return h
}

func (h *mqttHub) serveAMQP(clock core.Clock) {
	head, err := amqphead.New(h.core, amqphead.Options{Clock: clock})
	if err != nil {
		h.t.Fatal(err)
	}
	h.amqpAddr = h.serve("AMQP", head.Serve, head.Close)
}

func (h *mqttHub) serveMQTT(opts mqtthead.Options) {
	head, err := mqtthead.New(h.core, opts)
	if err != nil {
		h.t.Fatal(err)
	}
	h.mqttAddr = h.serve("MQTT", head.Serve, head.Close)
}

// serve runs a head on a TLS listener of its own and returns its address.
func (h *mqttHub) serve(name string, serve func(context.Context, net.Listener) error, closeHead func() error) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		h.t.Fatal(err)
	}
	served := make(chan error, 1)
	go func() { served <- serve(context.Background(), tls.NewListener(ln, h.pki.serverTLS())) }()
	h.stops = append(h.stops, func() {
		if err := closeHead(); err != nil {
			h.t.Errorf("%s head: Close: %v", name, err)
		}
		select {
		case <-served:
		case <-time.After(patience):
			h.t.Errorf("%s head: Serve did not return after Close", name)
		}
	})
	return ln.Addr().String()
}

func (h *mqttHub) stop() {
	for i := len(h.stops) - 1; i >= 0; i-- {
		h.stops[i]()
	}
	_ = h.core.Close()
}

// addDevice registers a device and returns its connection string.
func (h *mqttHub) addDevice(id string) ConnectionString {
	h.t.Helper()
	if _, err := h.core.CreateDevice(core.DeviceSpec{DeviceID: id}); err != nil {
		h.t.Fatalf("create device %s: %v", id, err)
	}
	s, err := h.core.DeviceConnectionString(id)
	if err != nil {
		h.t.Fatal(err)
	}
	cs, err := ParseConnectionString(s)
	if err != nil {
		h.t.Fatal(err)
	}
	return cs
}

// options reach this hub's MQTT head (and AMQP head) and trust its CA.
func (h *mqttHub) options() *Options {
	return &Options{MQTTAddr: h.mqttAddr, AMQPAddr: h.amqpAddr, CAPEM: h.pki.caPEM}
}

// open connects a device over MQTT; it is closed with the test.
func (h *mqttHub) open(cs ConnectionString, opts *Options) *MQTTDevice {
	h.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), patience)
	defer cancel()
	d, err := OpenMQTTDevice(ctx, cs, opts)
	if err != nil {
		h.t.Fatalf("open MQTT device %s: %v", cs.DeviceID, err)
	}
	h.t.Cleanup(func() { _ = d.Close(context.Background()) })
	return d
}

// service connects a service client with the iothubowner policy over AMQP.
func (h *mqttHub) service() *ServiceClient {
	h.t.Helper()
	s, err := h.core.ConnectionString("iothubowner")
	if err != nil {
		h.t.Fatal(err)
	}
	cs, err := ParseConnectionString(s)
	if err != nil {
		h.t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), patience)
	defer cancel()
	svc, err := NewServiceClient(ctx, cs, h.options())
	if err != nil {
		h.t.Fatalf("service client: %v", err)
	}
	h.t.Cleanup(func() { _ = svc.Close(context.Background()) })
	return svc
}

// send sends m to deviceID through svc and fails the test on a refusal.
func send(t testing.TB, svc *ServiceClient, deviceID string, m *Message) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), patience)
	defer cancel()
	if err := svc.Send(ctx, deviceID, m); err != nil {
		t.Fatalf("send to %s: %v", deviceID, err)
	}
}

// receive waits for d's next message and fails the test if none comes.
func receive(t testing.TB, d Device) *Message {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), patience)
	defer cancel()
	m, err := d.Receive(ctx)
	if err != nil {
		t.Fatalf("device %s: receive: %v", d.DeviceID(), err)
	}
	return m
}

// complete completes m on d and fails the test on an error.
func complete(t testing.TB, d Device, m *Message) {
	t.Helper()
	if err := d.Complete(context.Background(), m); err != nil {
		t.Fatalf("device %s: complete %s: %v", d.DeviceID(), m.MessageID, err)
	}
}

// feedback waits for n feedback records through svc and completes them.
func feedback(t testing.TB, svc *ServiceClient, n int) []FeedbackRecord {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), patience)
	defer cancel()
	fr, err := svc.FeedbackReceiver(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = fr.Close(context.Background()) }()
	var out []FeedbackRecord
	for len(out) < n {
		b, err := fr.Receive(ctx)
		if err != nil {
			t.Fatalf("feedback: got %d records of %d: %v", len(out), n, err)
		}
		out = append(out, b.Records...)
		if err := fr.Complete(ctx, b); err != nil {
			t.Fatal(err)
		}
	}
	return out
}

// checkRedelivered checks that held, received through from on a connection
// that has since ended, comes again through to; that from can no longer
// complete it; and that to completes it with Success feedback.
func checkRedelivered(t *testing.T, svc *ServiceClient, from Device, held *Message, to Device) {
	t.Helper()
	again := receive(t, to)
	if again.MessageID != held.MessageID || string(again.Body) != string(held.Body) {
		t.Fatalf("got %s %q; want %s again: its connection ended before it was completed", again.MessageID, again.Body, held.MessageID)
	}
	if err := from.Complete(context.Background(), held); !errors.Is(err, ErrMessageLockLost) {
		t.Errorf("Complete of the message from the ended connection = %v; want ErrMessageLockLost", err)
	}
	complete(t, to, again)
	if fb := feedback(t, svc, 1); fb[0].Status != FeedbackSuccess || fb[0].OriginalMessageID != held.MessageID {
		t.Errorf("feedback = %+v; want Success for %s", fb[0], held.MessageID)
	}
}

// clockedOptions are h's options with a fake clock (nothing the client
// schedules happens until the test advances it) and a state recorder.
func clockedOptions(h *mqttHub, st *states) (*Options, *fakeClock) {
	clock := newFakeClock()
	opts := h.options()
	opts.Clock, opts.OnStateChange = clock, st.record
	return opts, clock
}

// queueDepth is the device's C2D queue length: enqueued and locked messages.
func (h *mqttHub) queueDepth(id string) int {
	h.t.Helper()
	d, err := h.core.Device(id)
	if err != nil {
		h.t.Fatal(err)
	}
	return d.CloudToDeviceMessageCount
}

// lineLog keeps log lines for assertions and copies them to the test log.
type lineLog struct {
	t     testing.TB
	mu    sync.Mutex
	lines []string
}

func (l *lineLog) Write(p []byte) (int, error) {
	line := strings.TrimSuffix(string(p), "\n")
	l.mu.Lock()
	l.lines = append(l.lines, line)
	l.mu.Unlock()
	l.t.Log(line)
	return len(p), nil
}

func (l *lineLog) count(s string) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	n := 0
	for _, line := range l.lines {
		if strings.Contains(line, s) {
			n++
		}
	}
	return n
}

// states records the state changes a client reports.
type states struct {
	mu  sync.Mutex
	all []StateChange
}

func (s *states) record(c StateChange) {
	s.mu.Lock()
	s.all = append(s.all, c)
	s.mu.Unlock()
}

// seen returns how many changes to state were reported.
func (s *states) seen(state ConnectionState) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, c := range s.all {
		if c.State == state {
			n++
		}
	}
	return n
}

// list is every change so far, in order.
func (s *states) list() []StateChange {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]StateChange(nil), s.all...)
}

func (s *states) last() StateChange {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.all) == 0 {
		return StateChange{}
	}
	return s.all[len(s.all)-1]
}

// cutProxy forwards TCP connections to a target until cut drops them all,
// as a network failure would: the client sees its connection end without a
// DISCONNECT, and the hub sees the same.
type cutProxy struct {
	ln     net.Listener
	target string
	wg     sync.WaitGroup
	mu     sync.Mutex
	conns  []net.Conn
	closed bool
}

func newCutProxy(t testing.TB, target string) *cutProxy {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &cutProxy{ln: ln, target: target}
	p.wg.Add(1)
	go p.accept()
	t.Cleanup(p.close)
	return p
}

func (p *cutProxy) addr() string { return p.ln.Addr().String() }

func (p *cutProxy) accept() {
	defer p.wg.Done()
	for {
		in, err := p.ln.Accept()
		if err != nil {
			return
		}
		out, err := net.Dial("tcp", p.target)
		if err != nil {
			_ = in.Close()
			continue
		}
		if !p.keep(in, out) {
			return
		}
		p.wg.Add(2)
		go p.pipe(in, out)
		go p.pipe(out, in)
	}
}

// keep remembers a pair for cut; false once the proxy is closed.
func (p *cutProxy) keep(in, out net.Conn) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		_, _ = in.Close(), out.Close()
		return false
	}
	p.conns = append(p.conns, in, out)
	return true
}

func (p *cutProxy) pipe(dst, src net.Conn) {
	defer p.wg.Done()
	_, _ = io.Copy(dst, src)
	_, _ = dst.Close(), src.Close()
}

// cut drops every connection open now.
func (p *cutProxy) cut() {
	p.mu.Lock()
	conns := p.conns
	p.conns = nil
	p.mu.Unlock()
	for _, c := range conns {
		_ = c.Close()
	}
}

func (p *cutProxy) close() {
	p.mu.Lock()
	p.closed = true
	p.mu.Unlock()
	_ = p.ln.Close()
	p.cut()
	p.wg.Wait()
}

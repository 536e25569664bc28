package mqtthead_test

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"log/slog"
	"net"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	paho "github.com/eclipse/paho.mqtt.golang"

	"github.com/hubspec/hubspec/hub/core"
	"github.com/hubspec/hubspec/hub/internal/pki"
	"github.com/hubspec/hubspec/hub/mqtthead"
)

// patience bounds every wait of these tests; reaching it is a failure.
const patience = 10 * time.Second

// testHub is a core hub with an MQTT head serving TLS on an ephemeral port.
type testHub struct {
	t     testing.TB
	core  *core.Hub
	head  *mqtthead.Head
	clock *core.FakeClock // nil on the system clock
	addr  string
	pool  *x509.CertPool
	// served receives what Serve returned.
	served chan error
	// logs holds every log line of the head.
	logs *logBuffer
}

type hubOption func(*core.Options, *mqtthead.Options)

// withFakeClock runs the core on a fake clock starting now.
func withFakeClock(c *core.FakeClock) hubOption {
	return func(o *core.Options, _ *mqtthead.Options) { o.Clock = c }
}

// quiet sends the head's log nowhere (for benchmarks).
func quiet() hubOption {
	return func(_ *core.Options, o *mqtthead.Options) { o.Logger = slog.New(slog.DiscardHandler) }
}

func withMaxInFlight(n int) hubOption {
	return func(_ *core.Options, o *mqtthead.Options) { o.MaxInFlight = n }
}

func startHub(t testing.TB, options ...hubOption) *testHub {
	t.Helper()
	copts := core.Options{HostName: "localhost"}
	ca, err := pki.NewAuthority("mqtthead test CA")
	if err != nil {
		t.Fatal(err)
	}
	cert, err := ca.IssueServer("localhost", "127.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	logs := &logBuffer{t: t}
	hopts := mqtthead.Options{
		TLSConfig: &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12},
		Logger:    slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
	}
	var clock *core.FakeClock
	for _, o := range options {
		o(&copts, &hopts)
	}
	if fc, ok := copts.Clock.(*core.FakeClock); ok {
		clock = fc
	}
	hub, err := core.New(core.Config{}, copts)
	if err != nil {
		t.Fatal(err)
	}
	head, err := mqtthead.New(hub, hopts)
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	h := &testHub{t: t, core: hub, head: head, clock: clock, addr: ln.Addr().String(), pool: ca.Pool(), served: make(chan error, 1), logs: logs}
	go func() { h.served <- head.Serve(context.Background(), ln) }()
	t.Cleanup(h.close)
	return h
}

func (h *testHub) close() {
	if err := h.head.Close(); err != nil {
		h.t.Errorf("Close: %v", err)
	}
	select {
	case err := <-h.served:
		if !errors.Is(err, mqtthead.ErrServerClosed) {
			h.t.Errorf("Serve returned %v; want ErrServerClosed", err)
		}
	case <-time.After(patience):
		h.t.Error("Serve did not return after Close")
	}
	_ = h.core.Close()
}

// logBuffer keeps the head's log lines and copies them to the test log.
type logBuffer struct {
	t     testing.TB
	mu    sync.Mutex
	lines []string
}

func (b *logBuffer) Write(p []byte) (int, error) {
	line := strings.TrimSuffix(string(p), "\n")
	b.mu.Lock()
	b.lines = append(b.lines, line)
	b.mu.Unlock()
	b.t.Log(line)
	return len(p), nil
}

// containing returns the lines that contain s.
func (b *logBuffer) containing(s string) []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	var out []string
	for _, l := range b.lines {
		if strings.Contains(l, s) {
			out = append(out, l)
		}
	}
	return out
}

func (h *testHub) now() time.Time {
	if h.clock != nil {
		return h.clock.Now()
	}
	return time.Now()
}

// addDevice registers a device and returns its primary key.
func (h *testHub) addDevice(id string) string {
	h.t.Helper()
	d, err := h.core.CreateDevice(core.DeviceSpec{DeviceID: id})
	if err != nil {
		h.t.Fatalf("CreateDevice(%s): %v", id, err)
	}
	return d.PrimaryKey
}

// token signs a device token as the Node SDK does: sr is the URL-encoded
// host/devices/id, valid for an hour.
func (h *testHub) token(id, key string) string {
	h.t.Helper()
	tok, err := core.SignToken(url.QueryEscape("localhost/devices/"+id), "", key, h.now().Add(time.Hour))
	if err != nil {
		h.t.Fatal(err)
	}
	return tok
}

// username is the Node SDK's username form, port included.
func (h *testHub) username(id string) string {
	_, port, _ := net.SplitHostPort(h.addr)
	return "localhost:" + port + "/" + id + "/?api-version=2021-04-12&DeviceClientType=hubspec-test%2F1.0"
}

// send enqueues a C2D message through the core, as a service would.
func (h *testHub) send(deviceID string, m *core.Message) *core.Message {
	h.t.Helper()
	if err := h.core.Enqueue(deviceID, m); err != nil {
		h.t.Fatalf("Enqueue(%s): %v", deviceID, err)
	}
	return m
}

// feedback waits for n feedback records and completes their batches.
func (h *testHub) feedback(n int) []core.FeedbackRecord {
	h.t.Helper()
	wake := make(chan struct{}, 1)
	fr, err := h.core.OpenFeedbackReceiver(func() {
		select {
		case wake <- struct{}{}:
		default:
		}
	})
	if err != nil {
		h.t.Fatal(err)
	}
	defer fr.Close()
	var out []core.FeedbackRecord
	deadline := time.After(patience)
	for len(out) < n {
		if h.clock != nil {
			h.clock.Advance(time.Duration(h.core.Config().Emulator.FeedbackBatchInterval))
		}
		d, ok, err := fr.TryReceive()
		if err != nil {
			h.t.Fatalf("feedback: %v", err)
		}
		if ok {
			out = append(out, d.Records...)
			_ = fr.Complete(d.LockToken)
			continue
		}
		select {
		case <-wake:
		case <-time.After(5 * time.Millisecond): // the fake clock needs advancing
		case <-deadline:
			h.t.Fatalf("got %d feedback records; want %d", len(out), n)
		}
	}
	return out
}

// queueDepth is the device's cloudToDeviceMessageCount.
func (h *testHub) queueDepth(id string) int {
	h.t.Helper()
	d, err := h.core.Device(id)
	if err != nil {
		h.t.Fatal(err)
	}
	return d.CloudToDeviceMessageCount
}

// waitFor polls cond until it holds or patience runs out.
func waitFor(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(patience)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(2 * time.Millisecond)
	}
}

// device is a paho MQTT 3.1.1 client acting as an IoT Hub device, with manual
// acknowledgements.
type device struct {
	t      testing.TB
	id     string
	client paho.Client
	msgs   chan paho.Message
	lost   chan error

	mu   sync.Mutex
	conn net.Conn // the TLS connection, for dropping it abruptly
}

type deviceOption func(*paho.ClientOptions)

func cleanSession(clean bool) deviceOption {
	return func(o *paho.ClientOptions) { o.SetCleanSession(clean) }
}

func credentials(user, password string) deviceOption {
	return func(o *paho.ClientOptions) { o.SetUsername(user).SetPassword(password) }
}

func clientID(id string) deviceOption {
	return func(o *paho.ClientOptions) { o.SetClientID(id) }
}

func protocolVersion(v uint) deviceOption {
	return func(o *paho.ClientOptions) { o.SetProtocolVersion(v) }
}

// dial connects a device with its own valid credentials unless options say
// otherwise, and returns the CONNECT outcome.
func (h *testHub) dial(id, key string, options ...deviceOption) (*device, error) {
	h.t.Helper()
	d := &device{t: h.t, id: id, msgs: make(chan paho.Message, 100), lost: make(chan error, 1)}
	tlsConfig := &tls.Config{RootCAs: h.pool, ServerName: "localhost"}
	o := paho.NewClientOptions().AddBroker("tls://" + h.addr).SetClientID(id).
		SetUsername(h.username(id)).SetProtocolVersion(4).SetCleanSession(true).
		SetAutoReconnect(false).SetConnectRetry(false).SetAutoAckDisabled(true).
		SetOrderMatters(true).SetConnectTimeout(patience).SetKeepAlive(30 * time.Second).
		SetTLSConfig(tlsConfig).
		SetDefaultPublishHandler(func(_ paho.Client, m paho.Message) { d.msgs <- m }).
		SetConnectionLostHandler(func(_ paho.Client, err error) { d.lost <- err }).
		SetCustomOpenConnectionFn(func(u *url.URL, _ paho.ClientOptions) (net.Conn, error) {
			c, err := tls.Dial("tcp", u.Host, tlsConfig)
			if err == nil {
				d.mu.Lock()
				d.conn = c
				d.mu.Unlock()
			}
			return c, err
		})
	if key != "" {
		o.SetPassword(h.token(id, key))
	}
	for _, opt := range options {
		opt(o)
	}
	d.client = paho.NewClient(o)
	tok := d.client.Connect()
	if !tok.WaitTimeout(patience) {
		h.t.Fatalf("device %s: CONNECT got no answer", id)
	}
	if err := tok.Error(); err != nil {
		return nil, err
	}
	h.t.Cleanup(func() { d.client.Disconnect(0) })
	return d, nil
}

// connect is dial that must succeed.
func (h *testHub) connect(id, key string, options ...deviceOption) *device {
	h.t.Helper()
	d, err := h.dial(id, key, options...)
	if err != nil {
		h.t.Fatalf("device %s: connect: %v", id, err)
	}
	return d
}

// subscribe subscribes to the devicebound filter of id (the device's own
// unless told otherwise) and returns the granted QoS.
func (d *device) subscribe(filter string, qos byte) byte {
	d.t.Helper()
	tok := d.client.Subscribe(filter, qos, nil)
	if !tok.WaitTimeout(patience) || tok.Error() != nil {
		d.t.Fatalf("device %s: subscribe %s: %v", d.id, filter, tok.Error())
	}
	return tok.(*paho.SubscribeToken).Result()[filter]
}

func (d *device) subscribeC2D(qos byte) byte {
	d.t.Helper()
	return d.subscribe("devices/"+d.id+"/messages/devicebound/#", qos)
}

// next waits for the next C2D message.
func (d *device) next() paho.Message {
	d.t.Helper()
	select {
	case m := <-d.msgs:
		return m
	case <-time.After(patience):
		d.t.Fatalf("device %s: no C2D message arrived", d.id)
		return nil
	}
}

// waitLost waits until the connection is lost.
func (d *device) waitLost() error {
	d.t.Helper()
	select {
	case err := <-d.lost:
		return err
	case <-time.After(patience):
		d.t.Fatalf("device %s: the connection was not closed", d.id)
		return nil
	}
}

// drop closes the device's TCP connection abruptly, without DISCONNECT.
func (d *device) drop() {
	d.mu.Lock()
	defer d.mu.Unlock()
	_ = d.conn.Close()
}

// bag decodes the property bag of a devicebound topic as an SDK does: the
// bag is topic.split('/')[4], key=value pairs joined by '&', percent-decoded.
func bag(t *testing.T, topic string) map[string]string {
	t.Helper()
	parts := strings.Split(topic, "/")
	if len(parts) != 5 {
		t.Fatalf("topic %q has %d segments; want 5 (no raw '/' in the bag)", topic, len(parts))
	}
	out := map[string]string{}
	for _, pair := range strings.Split(parts[4], "&") {
		if pair == "" {
			continue
		}
		k, v, _ := strings.Cut(pair, "=")
		dk, err1 := url.PathUnescape(k)
		dv, err2 := url.PathUnescape(v)
		if err1 != nil || err2 != nil {
			t.Fatalf("bag pair %q does not percent-decode", pair)
		}
		out[dk] = dv
	}
	return out
}

// subscribedDevice registers a device, connects it and subscribes it to its
// C2D messages at qos.
func (h *testHub) subscribedDevice(id string, qos byte) *device {
	h.t.Helper()
	d := h.connect(id, h.addDevice(id))
	d.subscribeC2D(qos)
	return d
}

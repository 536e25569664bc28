package hub

import (
	"context"
	"errors"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/Azure/go-amqp"
	"github.com/hubspec/hubspec/hub/core"
	"github.com/hubspec/hubspec/hub/internal/amqptest"
)

// testHub is an embedded hub started for one test, with go-amqp clients.
type testHub struct {
	*Server
	t    *testing.T
	ctx  context.Context
	amqp amqptest.Hub
	// clock is set when the test drives time.
	clock *core.FakeClock
}

// startHub starts a hub on ephemeral ports; it is closed when the test ends.
func startHub(t *testing.T, opts Options) *testHub {
	t.Helper()
	s, err := Start(context.Background(), opts)
	if err != nil {
		t.Fatalf("Start: %v", err)
	}
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	h := &testHub{Server: s, t: t, ctx: ctx, amqp: amqptest.Hub{Addr: s.AMQPAddr(), TLS: s.ClientTLSConfig()}}
	h.clock, _ = opts.Clock.(*core.FakeClock)
	return h
}

// startFakeClockHub starts a hub whose time the test advances.
func startFakeClockHub(t *testing.T, cfg core.Config) *testHub {
	return startHub(t, Options{Config: cfg, Clock: core.NewFakeClock(time.Now())})
}

// now is the hub's time.
func (h *testHub) now() time.Time {
	if h.clock != nil {
		return h.clock.Now()
	}
	return time.Now()
}

// device registers a device and returns its parsed connection string.
func (h *testHub) device(id string) amqptest.ConnectionString {
	h.t.Helper()
	cs, err := h.AddDevice(id)
	if err != nil {
		h.t.Fatalf("AddDevice(%s): %v", id, err)
	}
	return parse(h.t, cs)
}

func parse(t *testing.T, cs string) amqptest.ConnectionString {
	t.Helper()
	p, err := amqptest.ParseConnectionString(cs)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// client opens a connection and puts a token for cs valid for an hour of the
// hub's time.
func (h *testHub) client(cs amqptest.ConnectionString) *amqptest.Client {
	h.t.Helper()
	c, err := amqptest.OpenUnauthenticated(h.ctx, h.amqp)
	if err != nil {
		h.t.Fatalf("open: %v", err)
	}
	h.t.Cleanup(func() { _ = c.Close() })
	if err := c.Authenticate(h.ctx, cs, h.now().Add(time.Hour)); err != nil {
		h.t.Fatalf("%s: %v", cs.Audience(), err)
	}
	return c
}

// service is a service client with iothubowner, a C2D sender and a feedback
// receiver.
type service struct {
	*amqptest.Client
	sender   *amqp.Sender
	feedback *amqp.Receiver
	h        *testHub
}

func (h *testHub) service() *service {
	h.t.Helper()
	c := h.client(parse(h.t, h.ConnectionString()))
	snd, err := c.NewSender(h.ctx)
	if err != nil {
		h.t.Fatalf("attach C2D sender: %v", err)
	}
	fb, err := c.NewReceiver(h.ctx, amqptest.FeedbackAddress, 100)
	if err != nil {
		h.t.Fatalf("attach feedback receiver: %v", err)
	}
	return &service{Client: c, sender: snd, feedback: fb, h: h}
}

// send sends a C2D message and returns the hub's refusal, if any.
func (s *service) send(m *amqp.Message) error {
	return s.sender.Send(s.h.ctx, m, nil)
}

// mustSend sends and fails the test on a refusal.
func (s *service) mustSend(m *amqp.Message) {
	s.h.t.Helper()
	if err := s.send(m); err != nil {
		s.h.t.Fatalf("send: %v", err)
	}
}

// nextFeedback receives feedback messages, completing each, until n records
// have arrived. On a fake clock it advances time by the batch interval while
// it waits.
func (s *service) nextFeedback(n int) []amqptest.FeedbackRecord {
	s.h.t.Helper()
	var out []amqptest.FeedbackRecord
	for len(out) < n {
		m := s.h.receive(s.feedback)
		rs, err := amqptest.FeedbackRecords(m)
		if err != nil {
			s.h.t.Fatal(err)
		}
		if err := s.feedback.AcceptMessage(s.h.ctx, m); err != nil {
			s.h.t.Fatalf("complete feedback: %v", err)
		}
		out = append(out, rs...)
	}
	return out
}

// receive waits for a message on r. On a fake clock it advances time by
// 100 ms at a time, so that the hub's feedback batches flush.
func (h *testHub) receive(r *amqp.Receiver) *amqp.Message {
	h.t.Helper()
	for {
		ctx, cancel := context.WithTimeout(h.ctx, 50*time.Millisecond)
		if h.clock == nil {
			cancel()
			ctx, cancel = h.ctx, func() {}
		}
		m, err := r.Receive(ctx, nil)
		cancel()
		if err == nil {
			return m
		}
		if h.clock == nil || !errors.Is(err, context.DeadlineExceeded) || h.ctx.Err() != nil {
			h.t.Fatalf("receive on %s: %v", r.Address(), err)
		}
		h.clock.Advance(100 * time.Millisecond)
	}
}

// deviceLink opens a device connection and its C2D receiver.
func (h *testHub) deviceLink(cs amqptest.ConnectionString, credit int32) (*amqptest.Client, *amqp.Receiver) {
	h.t.Helper()
	c := h.client(cs)
	r, err := c.NewReceiver(h.ctx, amqptest.DeviceBound(cs.DeviceID), credit)
	if err != nil {
		h.t.Fatalf("attach %s: %v", amqptest.DeviceBound(cs.DeviceID), err)
	}
	return c, r
}

// wantCondition fails unless err carries the AMQP condition want.
func wantCondition(t *testing.T, what string, err error, want string) {
	t.Helper()
	if got := amqptest.Condition(err); got != want {
		t.Fatalf("%s: got error %v (condition %q), want condition %q", what, err, got, want)
	}
}

// rest calls the hub's HTTPS head as the service SDKs do, with an iothubowner
// token, and returns the status and body.
func (h *testHub) rest(method, path string) (int, string) {
	h.t.Helper()
	owner := parse(h.t, h.ConnectionString())
	token, _ := owner.Token(h.now().Add(time.Hour))
	req, err := http.NewRequestWithContext(h.ctx, method, "https://"+h.HTTPSAddr()+path+"?api-version=2021-04-12", nil)
	if err != nil {
		h.t.Fatal(err)
	}
	req.Header.Set("Authorization", token)
	req.Header.Set("If-Match", `"*"`)
	client := &http.Client{Transport: &http.Transport{TLSClientConfig: h.ClientTLSConfig()}}
	defer client.CloseIdleConnections()
	resp, err := client.Do(req)
	if err != nil {
		h.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

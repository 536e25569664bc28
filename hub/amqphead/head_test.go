package amqphead_test

import (
	"context"
	"net"
	"testing"
	"time"

	"github.com/Azure/go-amqp"
	"github.com/hubspec/hubspec/hub/amqphead"
	"github.com/hubspec/hubspec/hub/core"
	"github.com/hubspec/hubspec/hub/internal/amqptest"
)

// pipeHead serves a head over in-memory connections: the AMQP surface
// without TLS or sockets, for what the facade's tests do not reach.
type pipeHead struct {
	t    *testing.T
	hub  *core.Hub
	head *amqphead.Head
	ctx  context.Context
}

func newPipeHead(t *testing.T, opts amqphead.Options) *pipeHead {
	t.Helper()
	h, err := core.New(core.Config{}, core.Options{})
	if err != nil {
		t.Fatal(err)
	}
	head, err := amqphead.New(h, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = head.Close()
		_ = h.Close()
	})
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	t.Cleanup(cancel)
	return &pipeHead{t: t, hub: h, head: head, ctx: ctx}
}

// dial connects go-amqp over a net.Pipe and begins a session.
func (p *pipeHead) dial() *amqp.Session {
	p.t.Helper()
	server, client := net.Pipe()
	go func() { _ = p.head.ServeConn(context.Background(), server) }()
	conn, err := amqp.NewConn(p.ctx, client, &amqp.ConnOptions{HostName: "localhost"})
	if err != nil {
		p.t.Fatal(err)
	}
	p.t.Cleanup(func() { _ = conn.Close() })
	s, err := conn.NewSession(p.ctx, nil)
	if err != nil {
		p.t.Fatal(err)
	}
	return s
}

func (p *pipeHead) device(id string) amqptest.ConnectionString {
	p.t.Helper()
	if _, err := p.hub.CreateDevice(core.DeviceSpec{DeviceID: id}); err != nil {
		p.t.Fatal(err)
	}
	cs, _ := p.hub.DeviceConnectionString(id)
	parsed, _ := amqptest.ParseConnectionString(cs)
	return parsed
}

func (p *pipeHead) putToken(cbs *amqptest.CBS, cs amqptest.ConnectionString) {
	p.t.Helper()
	token, _ := cs.Token(time.Now().Add(time.Hour))
	if r, err := cbs.PutToken(p.ctx, cs.Audience(), token); err != nil || r.StatusCode() != 200 {
		p.t.Fatalf("put-token for %s: %v %v", cs.DeviceID, r, err)
	}
}

// A connection holds at most MaxIdentities tokens; the oldest go first.
func TestMaxIdentities(t *testing.T) {
	p := newPipeHead(t, amqphead.Options{MaxIdentities: 2})
	s := p.dial()
	cbs, err := amqptest.NewCBS(p.ctx, s)
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"d1", "d2", "d3"} {
		p.putToken(cbs, p.device(id))
	}
	_, err = s.NewReceiver(p.ctx, amqptest.DeviceBound("d1"), nil)
	if amqptest.Condition(err) != "amqp:unauthorized-access" {
		t.Errorf("d1 after two newer tokens: %v, want amqp:unauthorized-access", err)
	}
	for _, id := range []string{"d2", "d3"} {
		if _, err := s.NewReceiver(p.ctx, amqptest.DeviceBound(id), nil); err != nil {
			t.Errorf("%s: %v", id, err)
		}
	}
}

// Links in the wrong direction are refused with amqp:not-allowed.
func TestWrongRoles(t *testing.T) {
	p := newPipeHead(t, amqphead.Options{})
	p.device("d1")
	s := p.dial()
	for _, tc := range []struct {
		name   string
		attach func() error
	}{
		{"receiving from /messages/devicebound", func() error { _, err := s.NewReceiver(p.ctx, "/messages/devicebound", nil); return err }},
		{"sending to a device queue", func() error { _, err := s.NewSender(p.ctx, amqptest.DeviceBound("d1"), nil); return err }},
		{"sending to the feedback queue", func() error { _, err := s.NewSender(p.ctx, amqptest.FeedbackAddress, nil); return err }},
	} {
		if err := tc.attach(); amqptest.Condition(err) != "amqp:not-allowed" {
			t.Errorf("%s: %v, want amqp:not-allowed", tc.name, err)
		}
	}
}

// A put-token sent before the reply link is attached is answered when it is.
func TestCBSReplyWaitsForTheReplyLink(t *testing.T) {
	p := newPipeHead(t, amqphead.Options{})
	cs := p.device("d1")
	s := p.dial()
	snd, err := s.NewSender(p.ctx, "$cbs", nil)
	if err != nil {
		t.Fatal(err)
	}
	token, _ := cs.Token(time.Now().Add(time.Hour))
	req := &amqp.Message{
		Properties:            &amqp.MessageProperties{MessageID: "early"},
		ApplicationProperties: map[string]any{"operation": "put-token", "type": "servicebus.windows.net:sastoken", "name": cs.Audience()},
		Value:                 token,
	}
	if err := snd.Send(p.ctx, req, nil); err != nil {
		t.Fatal(err)
	}
	rcv, err := s.NewReceiver(p.ctx, "$cbs", &amqp.ReceiverOptions{Credit: 1})
	if err != nil {
		t.Fatal(err)
	}
	m, err := rcv.Receive(p.ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if m.Properties.CorrelationID != "early" || m.ApplicationProperties["status-code"] != int32(200) {
		t.Errorf("reply %v %v", m.Properties.CorrelationID, m.ApplicationProperties)
	}
}

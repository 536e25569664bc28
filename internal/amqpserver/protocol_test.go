package amqpserver

import (
	"bytes"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hubspec/hubspec/internal/amqpwire"
)

// sink is a node that takes messages and settles them with settle (nil
// leaves them unsettled), and records what it sees.
type sink struct {
	accept Accept
	settle func(d *Delivery)

	mu       sync.Mutex
	got      [][]byte
	detached []error
}

func (s *sink) Attach(l *Link) (Accept, error) {
	a := s.accept
	a.Handler = LinkHandler{
		Message: func(d *Delivery) {
			s.mu.Lock()
			s.got = append(s.got, d.Payload)
			s.mu.Unlock()
			if s.settle != nil {
				s.settle(d)
			}
		},
		Detached: func(_ *Link, err error, _ []*Delivery) {
			s.mu.Lock()
			s.detached = append(s.detached, err)
			s.mu.Unlock()
		},
	}
	return a, nil
}

func (s *sink) messages() [][]byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([][]byte(nil), s.got...)
}

func accept(d *Delivery) { d.Settle(amqpwire.Accepted{}) }

func sinkMux(s *sink) *Mux {
	m := NewMux()
	m.Handle("/sink", s)
	return m
}

// queueWith returns a mux with a queue node at /q holding n messages.
func queueWith(n int) (*Mux, *queueNode) {
	q := newQueueNode()
	for i := range n {
		q.msgs = append(q.msgs, payload(fmt.Sprint(i)))
	}
	m := NewMux()
	m.Handle("/q", q)
	return m, q
}

func TestRefusedAttachHasANullTerminusThenADetach(t *testing.T) {
	t.Parallel()
	p := newFakePeer(t, Options{}, NewMux())
	p.open(nil)
	p.begin(0)
	a := p.attachReceiver(0, 0, "/nowhere", amqpwire.ReceiverSettleModeFirst)
	if a.Source != nil || a.Role != amqpwire.RoleSender || !a.InitialDeliveryCount.Set {
		t.Errorf("refusing attach %+v: want role sender, a null source and an initial-delivery-count", a)
	}
	d := expect[*amqpwire.Detach](p)
	if !d.Closed || d.Error == nil || d.Error.Condition != amqpwire.ConditionNotFound || !strings.Contains(d.Error.Description, "/nowhere") {
		t.Errorf("detach %+v %v", d, d.Error)
	}
	p.send(0, &amqpwire.Detach{Handle: 0, Closed: true})
	p.send(0, &amqpwire.Attach{Name: "s", Handle: 0, Role: amqpwire.RoleSender, Target: &amqpwire.Target{Address: "/nowhere"}})
	if a := expect[*amqpwire.Attach](p); a.Target != nil || a.Role != amqpwire.RoleReceiver {
		t.Errorf("refusing a sender: %+v, want role receiver and a null target", a)
	}
	expect[*amqpwire.Detach](p)
}

func TestSenderAttachCarriesInitialDeliveryCount(t *testing.T) {
	t.Parallel()
	mux, _ := queueWith(0)
	p := newFakePeer(t, Options{}, mux)
	p.open(nil)
	p.begin(0)
	a := p.attachReceiver(0, 5, "amqps://host:5671/Q", amqpwire.ReceiverSettleModeSecond)
	if a.Role != amqpwire.RoleSender || a.InitialDeliveryCount != amqpwire.Some(uint32(0)) || a.Source == nil ||
		a.Source.Address != "amqps://host:5671/Q" || a.RcvSettleMode != amqpwire.ReceiverSettleModeSecond {
		t.Errorf("attach %+v", a)
	}
}

// The server sends within the credit granted and never past it, and
// answers a drain by using up the credit left.
func TestCreditAndDrain(t *testing.T) {
	t.Parallel()
	mux, _ := queueWith(10)
	p := newFakePeer(t, Options{}, mux)
	p.open(nil)
	p.begin(0)
	p.attachReceiver(0, 0, "/q", amqpwire.ReceiverSettleModeFirst)
	p.grant(0, 0, 0, 3, false)
	for i := range 3 {
		if tr := expect[*amqpwire.Transfer](p); tr.DeliveryID != amqpwire.Some(uint32(i)) || tr.Settled || len(tr.DeliveryTag) != 16 {
			t.Fatalf("transfer %d: %+v", i, tr)
		}
	}
	if extra := p.barrier(0); len(extra) != 0 {
		t.Fatalf("the server sent %d frames past its credit: %#v", len(extra), extra)
	}
	p.grant(0, 0, 3, 20, true)
	for i := 3; i < 10; i++ {
		if tr := expect[*amqpwire.Transfer](p); tr.DeliveryID != amqpwire.Some(uint32(i)) {
			t.Fatalf("transfer %d: %+v", i, tr)
		}
	}
	f := expect[*amqpwire.Flow](p)
	if !f.Drain || f.DeliveryCount != amqpwire.Some(uint32(23)) || f.LinkCredit != amqpwire.Some(uint32(0)) || f.Handle != amqpwire.Some(uint32(0)) {
		t.Errorf("drain answer %+v: want drain, delivery-count 23, link-credit 0", f)
	}
}

func TestLinkEcho(t *testing.T) {
	t.Parallel()
	mux, _ := queueWith(0)
	p := newFakePeer(t, Options{}, mux)
	p.open(nil)
	p.begin(0)
	p.attachReceiver(0, 0, "/q", amqpwire.ReceiverSettleModeFirst)
	p.send(0, &amqpwire.Flow{NextIncomingID: amqpwire.Some(uint32(0)), IncomingWindow: 10, OutgoingWindow: 10,
		Handle: amqpwire.Some(uint32(0)), DeliveryCount: amqpwire.Some(uint32(0)), LinkCredit: amqpwire.Some(uint32(7)), Echo: true})
	f := expect[*amqpwire.Flow](p)
	if f.Handle != amqpwire.Some(uint32(0)) || f.LinkCredit != amqpwire.Some(uint32(7)) || f.Drain {
		t.Errorf("echo %+v", f)
	}
}

// A delivery the server sends is not sent before the peer's session window
// opens, and goes out when it does.
func TestSessionWindowHoldsDeliveriesBack(t *testing.T) {
	t.Parallel()
	mux, _ := queueWith(2)
	p := newFakePeer(t, Options{}, mux)
	p.open(nil)
	p.send(0, &amqpwire.Begin{IncomingWindow: 0, OutgoingWindow: 10, HandleMax: 10})
	expect[*amqpwire.Begin](p)
	p.attachReceiver(0, 0, "/q", amqpwire.ReceiverSettleModeFirst)
	p.send(0, &amqpwire.Flow{NextIncomingID: amqpwire.Some(uint32(0)), IncomingWindow: 0, OutgoingWindow: 10,
		Handle: amqpwire.Some(uint32(0)), DeliveryCount: amqpwire.Some(uint32(0)), LinkCredit: amqpwire.Some(uint32(5))})
	if got := p.barrierWindow(0, 0, 0); len(got) != 0 {
		t.Fatalf("sent %#v with a zero window", got)
	}
	p.send(0, &amqpwire.Flow{NextIncomingID: amqpwire.Some(uint32(0)), IncomingWindow: 1, OutgoingWindow: 10})
	expect[*amqpwire.Transfer](p)
	if got := p.barrierWindow(0, 1, 0); len(got) != 0 {
		t.Fatalf("sent %#v past a window of 1", got)
	}
	p.send(0, &amqpwire.Flow{NextIncomingID: amqpwire.Some(uint32(1)), IncomingWindow: 5, OutgoingWindow: 10})
	if tr := expect[*amqpwire.Transfer](p); tr.DeliveryID != amqpwire.Some(uint32(1)) {
		t.Fatalf("held-back transfer %+v", tr)
	}
}

func TestMultiFrameDeliveryFromThePeerAndAbort(t *testing.T) {
	t.Parallel()
	s := &sink{settle: accept}
	p := newFakePeer(t, Options{}, sinkMux(s))
	p.open(nil)
	p.begin(0)
	p.attachSender(0, 0, "/sink", amqpwire.ReceiverSettleModeFirst)
	msg := payload(strings.Repeat("m", 3000))
	p.send(0, &amqpwire.Transfer{DeliveryID: amqpwire.Some(uint32(0)), DeliveryTag: []byte("a"), More: true, Payload: msg[:1000]})
	p.send(0, &amqpwire.Transfer{Aborted: true})
	for i, part := range [][]byte{msg[:1000], msg[1000:2000], msg[2000:]} {
		tr := &amqpwire.Transfer{More: i < 2, Payload: part}
		if i == 0 {
			tr.DeliveryID, tr.DeliveryTag = amqpwire.Some(uint32(1)), []byte("b")
		}
		p.send(0, tr)
	}
	d := expect[*amqpwire.Disposition](p)
	if d.First != 1 || !d.Settled || amqpwire.StateName(d.State) != "accepted" {
		t.Errorf("disposition %+v", d)
	}
	if got := s.messages(); len(got) != 1 || !bytes.Equal(got[0], msg) {
		t.Errorf("node got %d messages, want only the whole second one", len(got))
	}
}

func TestPeerSendingBreaksTheRules(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name   string
		accept Accept
		script func(p *fakePeer)
		want   amqpwire.Condition
	}{
		{"transfer beyond credit", Accept{Credit: 2}, func(p *fakePeer) {
			for i := range 3 { // the node settles none, so the credit is not renewed
				p.transfer(0, 0, uint32(i), payload("x"))
			}
		}, amqpwire.ConditionTransferLimitExceeded},
		{"message above max-message-size", Accept{MaxMessageSize: 100}, func(p *fakePeer) {
			p.send(0, &amqpwire.Transfer{DeliveryID: amqpwire.Some(uint32(0)), DeliveryTag: []byte("a"), More: true, Payload: make([]byte, 60)})
			p.send(0, &amqpwire.Transfer{Payload: make([]byte, 60)})
		}, amqpwire.ConditionMessageSizeExceeded},
		{"first transfer without a delivery-id", Accept{}, func(p *fakePeer) {
			p.send(0, &amqpwire.Transfer{DeliveryTag: []byte("a"), Payload: payload("x")})
		}, amqpwire.ConditionNotAllowed},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s := &sink{accept: tc.accept}
			p := newFakePeer(t, Options{Limits: Limits{MaxUnsettled: 2}}, sinkMux(s))
			p.open(nil)
			p.begin(0)
			p.attachSender(0, 0, "/sink", amqpwire.ReceiverSettleModeFirst)
			tc.script(p)
			for {
				if d, ok := p.next().(*amqpwire.Detach); ok {
					if d.Error == nil || d.Error.Condition != tc.want {
						t.Fatalf("detach with %v, want %s", d.Error, tc.want)
					}
					break
				}
			}
			waitFor(t, 5*time.Second, "Detached", func() bool { s.mu.Lock(); defer s.mu.Unlock(); return len(s.detached) == 1 })
		})
	}
}

func TestSessionErrors(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name   string
		opts   Options
		script func(p *fakePeer)
		want   amqpwire.Condition
	}{
		{"transfer on an unattached handle", Options{}, func(p *fakePeer) {
			p.transfer(0, 9, 0, payload("x"))
		}, amqpwire.ConditionUnattachedHandle},
		{"attach on a handle in use", Options{}, func(p *fakePeer) {
			p.attachSender(0, 0, "/sink", amqpwire.ReceiverSettleModeFirst)
			p.send(0, &amqpwire.Attach{Name: "again", Handle: 0, Role: amqpwire.RoleSender, Target: &amqpwire.Target{Address: "/sink"}})
		}, amqpwire.ConditionHandleInUse},
		{"more sessions than allowed", Options{Limits: Limits{MaxSessions: 1}}, func(p *fakePeer) {
			p.begin(1)
		}, amqpwire.ConditionResourceLimitExceeded},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			p := newFakePeer(t, tc.opts, sinkMux(&sink{settle: accept}))
			p.open(nil)
			p.begin(0)
			tc.script(p)
			for {
				if e, ok := p.next().(*amqpwire.End); ok {
					if tc.want != "" && (e.Error == nil || e.Error.Condition != tc.want) {
						t.Fatalf("end with %v, want %s", e.Error, tc.want)
					}
					break
				}
			}
		})
	}
}

func TestTooManyLinksAreRefused(t *testing.T) {
	t.Parallel()
	for name, tc := range map[string]struct {
		limits  Limits
		channel uint16
	}{
		"per session":    {Limits{MaxLinksPerSession: 1}, 0},
		"per connection": {Limits{MaxLinks: 1}, 1},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			p := newFakePeer(t, Options{Limits: tc.limits}, sinkMux(&sink{}))
			p.open(nil)
			p.begin(0)
			p.begin(1)
			p.attachSender(0, 0, "/sink", amqpwire.ReceiverSettleModeFirst)
			p.send(tc.channel, &amqpwire.Attach{Name: "two", Handle: 1, Role: amqpwire.RoleSender, Target: &amqpwire.Target{Address: "/sink"}})
			if a := expect[*amqpwire.Attach](p); a.Target != nil {
				t.Errorf("second link accepted: %+v", a)
			}
			if d := expect[*amqpwire.Detach](p); d.Error == nil || d.Error.Condition != amqpwire.ConditionResourceLimitExceeded {
				t.Errorf("detach %+v", d)
			}
		})
	}
}

// A frame the server would write beyond the peer's max-frame-size closes the
// connection instead: here the attach that echoes a long address to a peer
// that takes frames of 512 bytes.
func TestFrameLargerThanThePeerTakes(t *testing.T) {
	t.Parallel()
	p := newFakePeer(t, Options{}, sinkMux(&sink{}))
	p.open(&amqpwire.Open{ContainerID: "small", MaxFrameSize: 512, ChannelMax: 1})
	p.begin(0)
	p.send(0, &amqpwire.Attach{Name: "l", Role: amqpwire.RoleSender, Target: &amqpwire.Target{Address: "/sink/" + strings.Repeat("x", 600)}})
	p.expectClose(amqpwire.ConditionFrameSizeTooSmall)
}

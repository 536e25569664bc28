package amqpserver

import (
	"sync"
	"testing"
	"time"

	"github.com/hubspec/hubspec/internal/amqpwire"
)

// sender is a node that sends what it is told to on links the peer receives
// from, and records the dispositions and detaches it sees.
type sender struct {
	onDisposition func(d *Delivery)

	mu        sync.Mutex
	link      *Link
	states    []string
	unsettled []*Delivery
	detached  bool
}

func (s *sender) Attach(l *Link) (Accept, error) {
	s.mu.Lock()
	s.link = l
	s.mu.Unlock()
	return Accept{Handler: LinkHandler{
		Credit: func(*Link) {},
		Disposition: func(d *Delivery) {
			s.mu.Lock()
			s.states = append(s.states, amqpwire.StateName(d.State))
			s.mu.Unlock()
			if s.onDisposition != nil {
				s.onDisposition(d)
			}
		},
		Detached: func(_ *Link, _ error, unsettled []*Delivery) {
			s.mu.Lock()
			s.unsettled, s.detached = unsettled, true
			s.mu.Unlock()
		},
	}}, nil
}

// send has the node send n messages on the connection's goroutine.
func (s *sender) send(t *testing.T, n int) {
	t.Helper()
	s.mu.Lock()
	l := s.link
	s.mu.Unlock()
	if err := onConn(t, l.Conn(), func() error {
		for i := range n {
			if _, err := l.Send([]byte{byte(i)}, payload("m"), false); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
}

func (s *sender) seen() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.states...)
}

func senderPeer(t *testing.T, s *sender, rcv amqpwire.ReceiverSettleMode) *fakePeer {
	t.Helper()
	m := NewMux()
	m.Handle("/out", s)
	p := newFakePeer(t, Options{}, m)
	p.open(nil)
	p.begin(0)
	p.attachReceiver(0, 0, "/out", rcv)
	p.grant(0, 0, 0, 100, false)
	p.barrier(0)
	return p
}

// In rcv-settle-mode second the device's unsettled outcome is answered with
// a settled disposition carrying the same state (.NET CompleteAsync waits for
// it), unless the node settles otherwise.
func TestUnsettledPeerOutcomeIsAnswered(t *testing.T) {
	t.Parallel()
	s := &sender{onDisposition: func(d *Delivery) {
		if d.ID == 1 {
			d.Settle(amqpwire.Rejected{Error: amqpwire.NewError("com.microsoft:message-lock-lost", "lock lost")})
		}
	}}
	p := senderPeer(t, s, amqpwire.ReceiverSettleModeSecond)
	s.send(t, 2)
	expect[*amqpwire.Transfer](p)
	expect[*amqpwire.Transfer](p)
	for id, want := range []string{"accepted", "rejected"} {
		p.send(0, &amqpwire.Disposition{Role: amqpwire.RoleReceiver, First: uint32(id), State: amqpwire.Accepted{}})
		d := expect[*amqpwire.Disposition](p)
		if d.Role != amqpwire.RoleSender || d.First != uint32(id) || !d.Settled || amqpwire.StateName(d.State) != want {
			t.Errorf("answer to delivery %d: %+v, want role sender, settled, %s", id, d, want)
		}
	}
	if got := s.seen(); len(got) != 2 {
		t.Errorf("the node saw %v", got)
	}
}

// Dispositions may cover ranges; duplicates and unknown ids are ignored (the
// Node SDK's feedback receiver sends two for one delivery).
func TestDispositionRangesDuplicatesAndUnknownIDs(t *testing.T) {
	t.Parallel()
	s := &sender{}
	p := senderPeer(t, s, amqpwire.ReceiverSettleModeFirst)
	s.send(t, 5)
	for range 5 {
		expect[*amqpwire.Transfer](p)
	}
	accepted := amqpwire.Accepted{}
	p.send(0, &amqpwire.Disposition{Role: amqpwire.RoleReceiver, First: 0, Last: amqpwire.Some(uint32(2)), Settled: true, State: accepted})
	p.send(0, &amqpwire.Disposition{Role: amqpwire.RoleReceiver, First: 1, Settled: true, State: accepted})
	p.send(0, &amqpwire.Disposition{Role: amqpwire.RoleReceiver, First: 100, Last: amqpwire.Some(uint32(4000000000)), Settled: true, State: accepted})
	p.send(0, &amqpwire.Disposition{Role: amqpwire.RoleReceiver, First: 3, Settled: true, State: amqpwire.Released{}})
	if extra := p.barrier(0); len(extra) != 0 {
		t.Fatalf("the server answered settled dispositions: %#v", extra)
	}
	if got := s.seen(); len(got) != 4 || got[3] != "released" {
		t.Errorf("the node saw %v, want 3 accepted and 1 released", got)
	}
	p.send(0, &amqpwire.Detach{Handle: 0, Closed: true})
	expect[*amqpwire.Detach](p)
	waitFor(t, 5*time.Second, "Detached", func() bool { s.mu.Lock(); defer s.mu.Unlock(); return s.detached })
	if len(s.unsettled) != 1 || s.unsettled[0].ID != 4 {
		t.Errorf("Detached reported %d unsettled deliveries, want delivery 4", len(s.unsettled))
	}
}

// Where the peer sends in rcv-settle-mode second, the node's outcome goes out
// unsettled and the delivery stays unsettled until the peer settles it.
func TestIncomingDeliveryInModeSecond(t *testing.T) {
	t.Parallel()
	var link *Link
	s := &sink{settle: func(d *Delivery) { link = d.Link(); accept(d) }}
	p := newFakePeer(t, Options{}, sinkMux(s))
	p.open(nil)
	p.begin(0)
	p.attachSender(0, 0, "/sink", amqpwire.ReceiverSettleModeSecond)
	p.transfer(0, 0, 0, payload("x"))
	d := expect[*amqpwire.Disposition](p)
	if d.Settled || d.Role != amqpwire.RoleReceiver || amqpwire.StateName(d.State) != "accepted" {
		t.Fatalf("disposition %+v: want an unsettled accepted", d)
	}
	if n := onConn(t, link.Conn(), link.Unsettled); n != 1 {
		t.Fatalf("%d unsettled before the peer settles", n)
	}
	p.send(0, &amqpwire.Disposition{Role: amqpwire.RoleSender, First: 0, Settled: true, State: amqpwire.Accepted{}})
	if d := expect[*amqpwire.Disposition](p); !d.Settled || d.First != 0 || amqpwire.StateName(d.State) != "accepted" {
		t.Fatalf("final disposition %+v: want the server to settle last", d)
	}
	if n := onConn(t, link.Conn(), link.Unsettled); n != 0 {
		t.Fatalf("%d unsettled after the peer settled", n)
	}
}

// The CBS order: the request is settled before the reply goes out on the
// other link of the session, even though both are written in one callback.
func TestSettlementGoesOutBeforeTheReply(t *testing.T) {
	t.Parallel()
	var replies *Link
	mux := NewMux()
	mux.Handle("$cbs", NodeFunc(func(l *Link) (Accept, error) {
		if l.Role() == amqpwire.RoleSender {
			replies = l
			return Accept{Handler: LinkHandler{Credit: func(*Link) {}}}, nil
		}
		return Accept{Handler: LinkHandler{Message: func(d *Delivery) {
			d.Settle(amqpwire.Accepted{})
			if _, err := replies.Send([]byte{1, 0, 0, 0}, payload("reply"), false); err != nil {
				t.Errorf("reply: %v", err)
			}
		}}}, nil
	}))
	p := newFakePeer(t, Options{}, mux)
	p.open(nil)
	p.begin(0)
	p.attachReceiver(0, 1, "$cbs", amqpwire.ReceiverSettleModeFirst)
	p.grant(0, 1, 0, 10, false)
	p.attachSender(0, 0, "$cbs", amqpwire.ReceiverSettleModeFirst)
	p.transfer(0, 0, 0, payload("put-token"))
	if d := expect[*amqpwire.Disposition](p); !d.Settled || amqpwire.StateName(d.State) != "accepted" {
		t.Fatalf("first frame %+v, want the settled request", d)
	}
	if tr := expect[*amqpwire.Transfer](p); string(tr.Payload) != string(payload("reply")) {
		t.Fatalf("second frame %+v, want the reply", tr)
	}
}

// Settling consecutive deliveries the same way is one disposition frame.
func TestConsecutiveSettlementsShareAFrame(t *testing.T) {
	t.Parallel()
	p := newFakePeer(t, Options{}, sinkMux(&sink{settle: accept}))
	p.open(nil)
	p.begin(0)
	p.attachSender(0, 0, "/sink", amqpwire.ReceiverSettleModeFirst)
	var b []byte
	for i := range 5 {
		b, _ = amqpwire.AppendFrame(b, 0, &amqpwire.Transfer{DeliveryID: amqpwire.Some(uint32(i)), DeliveryTag: []byte{byte(i)}, Payload: payload("x")})
	}
	p.write(b)
	d := expect[*amqpwire.Disposition](p)
	if d.First != 0 || d.Last != amqpwire.Some(uint32(4)) || !d.Settled {
		t.Errorf("disposition %+v, want one for 0..4", d)
	}
}

package ledger

import (
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"
)

func TestRecordSentRefusesEmptyAndDuplicateIDs(t *testing.T) {
	l := New(Options{Start: t0})
	if err := l.RecordSent(Sent{Device: "d1"}); !errors.Is(err, ErrMessageID) {
		t.Errorf("empty id: err = %v, want ErrMessageID", err)
	}
	if err := l.RecordSent(Sent{MessageID: "m", Device: "d1"}); err != nil {
		t.Fatalf("first send: %v", err)
	}
	err := l.RecordSent(Sent{MessageID: "m", Device: "d2"})
	if !errors.Is(err, ErrMessageID) {
		t.Errorf("duplicate id: err = %v, want ErrMessageID", err)
	}
	if n := l.Count(Query{Kind: KindSent}); n != 1 {
		t.Errorf("%d sent events after a refused duplicate, want 1", n)
	}
}

func TestEventsAreStampedAndNumbered(t *testing.T) {
	now := at(250)
	l := New(Options{Start: t0, Now: func() time.Time { return now }})
	_ = l.RecordSent(Sent{MessageID: "m", Device: "d1"})
	l.RecordSendOutcome("m", Accepted, "", at(300))
	events := l.Events(Query{MessageID: "m"})
	if len(events) != 2 {
		t.Fatalf("got %d events, want 2", len(events))
	}
	if !events[0].At.Equal(now) || !events[1].At.Equal(at(300)) {
		t.Errorf("times %v, %v: a zero time takes the clock, a given time is kept", events[0].At, events[1].At)
	}
	if events[0].Seq != 1 || events[1].Seq != 2 {
		t.Errorf("seq %d, %d, want 1, 2", events[0].Seq, events[1].Seq)
	}
	if events[1].Device != "d1" {
		t.Errorf("send outcome device = %q, want the device the message was sent to", events[1].Device)
	}
}

func TestNewDefaultsStartToNow(t *testing.T) {
	l := New(Options{Now: func() time.Time { return at(42) }})
	if !l.Start().Equal(at(42)) {
		t.Errorf("Start = %v, want the clock's now", l.Start())
	}
}

func TestQueries(t *testing.T) {
	s := newScript()
	s.sent("a", "d1", AckFull).accepted("a").delivered("a", "d1", 0).settled("a", "d1", Abandon)
	s.sent("b", "d2", AckFull).accepted("b").delivered("b", "d2", 0).settled("b", "d2", Complete)
	s.delivered("a", "d1", 1).settled("a", "d1", Complete)
	s.feedback("b", "d2", StatusSuccess).feedback("a", "d1", StatusSuccess)
	s.purged("d1", 0)

	if got := ids(s.l.Events(Query{Kind: KindDelivered, Device: "d1"})); got != "a,a" {
		t.Errorf("deliveries to d1 = %s, want a,a", got)
	}
	if got := ids(s.l.Events(Query{Kind: KindFeedback, Status: StatusSuccess})); got != "b,a" {
		t.Errorf("Success feedback = %s, want b,a in recording order", got)
	}
	if n := s.l.Count(Query{Kind: KindSettled, Disposition: Complete}); n != 2 {
		t.Errorf("%d completes, want 2", n)
	}
	if n := s.l.Count(Query{Device: "d1"}); n != 8 {
		t.Errorf("%d events name d1, want 8 (7 for message a and the purge)", n)
	}
	first, ok := s.l.First(Query{Kind: KindDelivered})
	if !ok || first.MessageID != "a" || first.DeliveryCount != 0 {
		t.Errorf("first delivery = %+v", first)
	}
	last, ok := s.l.Last(Query{Kind: KindDelivered, MessageID: "a"})
	if !ok || last.DeliveryCount != 1 || !last.At.Equal(at(90)) {
		t.Errorf("last delivery of a = %+v", last)
	}
	if _, ok := s.l.First(Query{Kind: KindFeedback, Status: StatusPurged}); ok {
		t.Error("First found a Purged feedback that was never recorded")
	}
}

func TestMessageHistory(t *testing.T) {
	s := newScript()
	s.sent("a", "d1", AckFull).accepted("a").delivered("a", "d1", 0).settled("a", "d1", Abandon).
		delivered("a", "d1", 1).settleFailed("a", "d1", Complete, "lock lost").feedback("a", "d1", StatusExpired)
	h, ok := s.l.Message("a")
	if !ok {
		t.Fatal("message a not found")
	}
	if !h.Accepted() || h.Refused() || len(h.Deliveries) != 2 || len(h.Settlements) != 2 || len(h.Feedback) != 1 {
		t.Errorf("history = %+v", h)
	}
	if h.Abandons() != 1 {
		t.Errorf("Abandons = %d, want 1", h.Abandons())
	}
	if _, ok := h.Terminal(); ok {
		t.Error("a failed complete counted as terminal")
	}
	if e := h.LastEvent(); e.Kind != KindFeedback {
		t.Errorf("LastEvent = %v, want the feedback", e.Kind)
	}
	if _, ok := s.l.Message("nope"); ok {
		t.Error("Message found an id never sent")
	}
}

func TestCountsLeaveOutStrays(t *testing.T) {
	s := newScript()
	s.sent("a", "d1", AckFull).accepted("a").delivered("a", "d1", 0).settled("a", "d1", Complete).feedback("a", "d1", StatusSuccess)
	s.sent("b", "d1", AckFull).refused("b", QueueFull, "")
	s.sent("c", "d1", AckFull).accepted("c").delivered("c", "d1", 0).settleFailed("c", "d1", Reject, "lock lost")
	s.feedback("stranger", "d9", StatusSuccess)
	c := s.l.Counts()
	if c.Sent != 3 || c.Accepted != 2 || c.Refused != 1 || c.RefusedBy[QueueFull] != 1 {
		t.Errorf("send counts = %+v", c)
	}
	if c.Deliveries != 2 || c.Settled[Complete] != 1 || c.Settled[Reject] != 0 || c.SettleFailed != 1 {
		t.Errorf("delivery counts = %+v", c)
	}
	if c.Feedback[StatusSuccess] != 1 || c.Strays != 1 {
		t.Errorf("feedback %v, strays %d: want 1 Success and the stranger as a stray", c.Feedback, c.Strays)
	}
}

// TestConcurrentRecording records a fleet's life from one goroutine per device and checks
// that every event is there once, in each device's own order. Run it with -race.
func TestConcurrentRecording(t *testing.T) {
	const devices, perDevice = 50, 20
	l := New(Options{Start: t0})
	var wg sync.WaitGroup
	for d := range devices {
		wg.Go(func() { recordDevice(l, fmt.Sprintf("d%d", d), perDevice) })
	}
	wg.Wait()
	c := l.Counts()
	if c.Sent != devices*perDevice || c.Deliveries != devices*perDevice || c.Settled[Complete] != devices*perDevice {
		t.Fatalf("counts = %+v", c)
	}
	for d := range devices {
		dev := fmt.Sprintf("d%d", d)
		got := l.Events(Query{Kind: KindDelivered, Device: dev})
		for i, e := range got {
			if want := fmt.Sprintf("%s-%d", dev, i); e.MessageID != want {
				t.Fatalf("delivery %d to %s is %s, want %s", i, dev, e.MessageID, want)
			}
		}
	}
	if a := l.Account(Rules{}); !a.OK() {
		t.Errorf("problems after a clean run: %v", a.Problems())
	}
}

// recordDevice records n messages to device, each sent, accepted, delivered and completed.
func recordDevice(l *Ledger, device string, n int) {
	for i := range n {
		id := fmt.Sprintf("%s-%d", device, i)
		_ = l.RecordSent(Sent{MessageID: id, Device: device, Ack: AckFull})
		l.RecordSendOutcome(id, Accepted, "", time.Time{})
		l.RecordDelivery(Delivery{MessageID: id, Device: device})
		l.RecordSettlement(Settlement{MessageID: id, Device: device, Disposition: Complete})
	}
}

// ids joins the message ids of events.
func ids(events []Event) string {
	out := ""
	for i, e := range events {
		if i > 0 {
			out += ","
		}
		out += e.MessageID
	}
	return out
}

package runner

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/hubspec/hubspec/runner/ledger"
)

// arrival is one distinct message a device received: every delivery of it, the first
// first.
type arrival struct {
	id         string
	deliveries []ledger.Event
}

// arrivals lists the distinct messages delivered to a device, in the order they first
// arrived.
func (s *session) arrivals(hubID string) []arrival {
	var out []arrival
	index := map[string]int{}
	for _, e := range s.led.Events(ledger.Query{Kind: ledger.KindDelivered, Device: hubID}) {
		i, ok := index[e.MessageID]
		if !ok {
			i = len(out)
			index[e.MessageID] = i
			out = append(out, arrival{id: e.MessageID})
		}
		out[i].deliveries = append(out[i].deliveries, e)
	}
	return out
}

func (s *session) expectReceive(ctx context.Context, st *ExpectReceive) error {
	ds := s.fleet.resolve(s.sc, st.Devices)
	need := st.Count.Min * len(ds)
	m := s.meter("receiving", need)
	holds := func() bool {
		n := s.led.Count(ledger.Query{Kind: ledger.KindDelivered})
		m.at(n)
		if n < need {
			return false // not enough deliveries yet, to any device
		}
		for _, d := range ds {
			if s.receiveProblem(st, d) != "" {
				return false
			}
		}
		return true
	}
	return s.expectWithin(ctx, st, holds, nil, func(within time.Duration) error { return s.receiveFailure(st, ds, within) })
}

// receiveProblem says what is wrong with what d received, or "" when it is as expected.
func (s *session) receiveProblem(st *ExpectReceive, d *fleetDevice) string {
	got := s.arrivals(d.hubID)
	if !st.Count.Holds(len(got)) {
		return fmt.Sprintf("received %s, want %s", plural(len(got), "message"), st.Count)
	}
	switch st.Order {
	case OrderSent:
		if p := s.outOfOrder(got); p != "" {
			return p
		}
	case OrderListed:
		return s.listedProblem(st, d, got)
	}
	return s.matchProblem(st, d, got)
}

// outOfOrder finds a message that arrived before one sent ahead of it.
func (s *session) outOfOrder(got []arrival) string {
	var prev ledger.Event
	for _, a := range got {
		h, ok := s.led.Message(a.id)
		if !ok {
			continue // not sent by this scenario: accounting reports it
		}
		if prev.Seq > h.Sent.Seq {
			return fmt.Sprintf("%s arrived after %s, but was sent before it (want the order sent)", a.id, prev.MessageID)
		}
		prev = h.Sent
	}
	return ""
}

// listedProblem checks the arrivals, in order, against the listed messages in turn.
func (s *session) listedProblem(st *ExpectReceive, d *fleetDevice, got []arrival) string {
	for k, mm := range st.Messages {
		if k >= len(got) {
			return fmt.Sprintf("only %s arrived; message %d of the list (line %d) did not", plural(len(got), "message"), k+1, mm.At.Line)
		}
		v := s.vars(d.Device, d.hubID, k+1)
		if !matchesAny(mm, got[k], v) {
			return fmt.Sprintf("message %d to arrive, %s, does not match entry %d (line %d): %s", k+1, got[k].id, k+1, mm.At.Line,
				strings.Join(closest(mm, got[k], v), "; "))
		}
	}
	return ""
}

// matchProblem checks that each listed message matches a different arrival.
func (s *session) matchProblem(st *ExpectReceive, d *fleetDevice, got []arrival) string {
	if len(st.Messages) == 0 {
		return ""
	}
	ok := func(entry, msg int) bool {
		return matchesAny(st.Messages[entry], got[msg], s.vars(d.Device, d.hubID, entry+1))
	}
	unmatched := matchEntries(len(st.Messages), len(got), ok)
	if unmatched < 0 {
		return ""
	}
	mm := st.Messages[unmatched]
	return fmt.Sprintf("no message received matches entry %d (line %d)%s", unmatched+1, mm.At.Line,
		s.closestOf(mm, got, s.vars(d.Device, d.hubID, unmatched+1)))
}

// matchesAny reports whether any delivery of the message matches mm.
func matchesAny(mm MessageMatch, a arrival, v TemplateVars) bool {
	for _, e := range a.deliveries {
		if mm.Matches(receivedFrom(e), v) {
			return true
		}
	}
	return false
}

// closest is how a's first delivery differs from mm.
func closest(mm MessageMatch, a arrival, v TemplateVars) []string {
	return mm.Mismatches(receivedFrom(a.deliveries[0]), v)
}

// closestOf describes the arrival that comes closest to matching mm.
func (s *session) closestOf(mm MessageMatch, got []arrival, v TemplateVars) string {
	best, bestN := -1, 0
	for i, a := range got {
		if n := len(closest(mm, a, v)); best < 0 || n < bestN {
			best, bestN = i, n
		}
	}
	if best < 0 {
		return ""
	}
	return fmt.Sprintf("; closest is %s: %s", got[best].id, strings.Join(closest(mm, got[best], v), "; "))
}

// receiveFailure explains a receives step that did not hold by its deadline.
func (s *session) receiveFailure(st *ExpectReceive, ds []*fleetDevice, within time.Duration) error {
	var lines []string
	var first *fleetDevice
	for _, d := range ds {
		if p := s.receiveProblem(st, d); p != "" {
			lines = append(lines, fmt.Sprintf("device %s: %s", d.ID, p))
			if first == nil {
				first = d
			}
		}
	}
	if first == nil { // it held after all, at the last moment
		return nil
	}
	f := &Failure{At: st.At, Step: stepName(st), Expected: describeReceive(st, len(ds), within), Observed: listed(lines),
		Ledger: s.linesFor(ledger.Filter{Device: first.hubID})}
	f.Summary = strings.TrimPrefix(lines[0], "device ")
	if len(lines) > 1 {
		f.Summary = fmt.Sprintf("%d of %s did not receive as expected within %s", len(lines), plural(len(ds), "device"), within)
	}
	return f
}

// describeReceive says what a receives step expects, as a person reads it.
func describeReceive(st *ExpectReceive, n int, within time.Duration) string {
	var b strings.Builder
	if n == 1 {
		fmt.Fprintf(&b, "%s receives %s", st.Devices, countOf(st.Count, "message"))
	} else {
		fmt.Fprintf(&b, "each device of %s receives %s", devicesOf(st.Devices, n), countOf(st.Count, "message"))
	}
	switch st.Order {
	case OrderSent:
		b.WriteString(", in the order they were sent")
	case OrderListed:
		b.WriteString(", arriving as listed")
	}
	if len(st.Messages) > 0 {
		fmt.Fprintf(&b, ", matching the %s listed", plural(len(st.Messages), "message"))
	}
	fmt.Fprintf(&b, ", within %s", within)
	return b.String()
}

// countOf renders a count of things: "3 messages", "at least 1 message", "no message".
func countOf(c Count, noun string) string {
	switch {
	case c.Min == 0 && c.Max == 0:
		return "no " + noun
	case c.Max == 1 || (c.Min == 1 && c.Max == 1):
		return c.String() + " " + noun
	}
	return c.String() + " " + noun + "s"
}

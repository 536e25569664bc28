package ledger

import (
	"slices"
	"time"
)

// Percentiles summarises a set of durations by nearest rank.
type Percentiles struct {
	Count         int
	P50, P95, Max time.Duration
}

// Summarize returns the percentiles of samples; it does not modify samples.
func Summarize(samples []time.Duration) Percentiles {
	if len(samples) == 0 {
		return Percentiles{}
	}
	sorted := slices.Clone(samples)
	slices.Sort(sorted)
	return Percentiles{Count: len(sorted), P50: rank(sorted, 50), P95: rank(sorted, 95),
		Max: sorted[len(sorted)-1]}
}

// rank is the nearest-rank p-th percentile of sorted, which is not empty.
func rank(sorted []time.Duration, p int) time.Duration {
	r := (p*len(sorted) + 99) / 100
	return sorted[max(r, 1)-1]
}

// Samples are the raw latencies of a ledger. A run merges the samples of its scenarios to
// summarise them all.
type Samples struct {
	// SendToReceive: from the send to the first delivery, per message.
	SendToReceive []time.Duration
	// ReceiveToSettle: from a delivery to the device's complete, reject or abandon of it.
	ReceiveToSettle []time.Duration
	// SendToFeedback: from the send to the first feedback record, per message.
	SendToFeedback []time.Duration
}

// Latencies are the percentiles of a ledger's samples.
type Latencies struct {
	SendToReceive, ReceiveToSettle, SendToFeedback Percentiles
}

// Merge appends o's samples to s.
func (s *Samples) Merge(o Samples) {
	s.SendToReceive = append(s.SendToReceive, o.SendToReceive...)
	s.ReceiveToSettle = append(s.ReceiveToSettle, o.ReceiveToSettle...)
	s.SendToFeedback = append(s.SendToFeedback, o.SendToFeedback...)
}

// Summarize returns the percentiles of each kind of sample.
func (s Samples) Summarize() Latencies {
	return Latencies{SendToReceive: Summarize(s.SendToReceive),
		ReceiveToSettle: Summarize(s.ReceiveToSettle), SendToFeedback: Summarize(s.SendToFeedback)}
}

// Latencies returns the percentiles of the ledger's latencies.
func (l *Ledger) Latencies() Latencies { return l.Samples().Summarize() }

// Samples returns the ledger's raw latencies.
func (l *Ledger) Samples() Samples {
	var s Samples
	for _, h := range l.Messages() {
		s.addMessage(h)
	}
	return s
}

// addMessage adds the latencies of one message's life.
func (s *Samples) addMessage(h History) {
	if len(h.Deliveries) > 0 {
		s.SendToReceive = append(s.SendToReceive, since(h.Sent, h.Deliveries[0]))
	}
	if len(h.Feedback) > 0 {
		s.SendToFeedback = append(s.SendToFeedback, since(h.Sent, h.Feedback[0]))
	}
	for _, st := range h.Settlements {
		if d, ok := deliveryBefore(h.Deliveries, st); ok && settles(st) {
			s.ReceiveToSettle = append(s.ReceiveToSettle, since(d, st))
		}
	}
}

// settles reports whether e is a successful complete, reject or abandon.
func settles(e Event) bool {
	return !e.Failed && (e.Disposition.terminal() || e.Disposition == Abandon)
}

// deliveryBefore returns the latest delivery recorded before the settlement st.
func deliveryBefore(deliveries []Event, st Event) (Event, bool) {
	for i := len(deliveries) - 1; i >= 0; i-- {
		if deliveries[i].Seq < st.Seq {
			return deliveries[i], true
		}
	}
	return Event{}, false
}

// since is the time from a to b, never negative.
func since(a, b Event) time.Duration { return max(b.At.Sub(a.At), 0) }

package runner

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/hubspec/hubspec/runner/ledger"
)

// feedbackOf returns the status of the first feedback record for a message, or "" when
// none has come.
func (s *session) feedbackOf(id string) FeedbackStatus {
	e, ok := s.led.First(ledger.Query{Kind: ledger.KindFeedback, MessageID: id})
	if !ok {
		return ""
	}
	return FeedbackStatus(e.Status)
}

// accepted keeps the messages the hub accepted.
func (s *session) accepted(msgs []*sentMessage) []*sentMessage {
	var out []*sentMessage
	for _, m := range msgs {
		if h, ok := s.led.Message(m.ID); ok && h.Accepted() {
			out = append(out, m)
		}
	}
	return out
}

// allFeedback reports whether every message has its feedback record: IoT Hub sends one
// per message, so what the records say can no longer change.
func (s *session) allFeedback(msgs []*sentMessage) func() bool {
	return func() bool {
		for _, m := range msgs {
			if s.feedbackOf(m.ID) == "" {
				return false
			}
		}
		return true
	}
}

func (s *session) expectFeedback(ctx context.Context, st *ExpectFeedback) error {
	msgs := s.accepted(s.selectSet(st.Messages))
	m := s.meter("waiting for feedback", len(msgs))
	holds := func() bool {
		n := s.led.Count(ledger.Query{Kind: ledger.KindFeedback, Status: ledger.FeedbackStatus(st.Status)})
		m.at(n)
		if n < len(msgs) {
			return false
		}
		for _, m := range msgs {
			if s.feedbackOf(m.ID) != st.Status {
				return false
			}
		}
		return true
	}
	return s.expectWithin(ctx, st, holds, s.allFeedback(msgs), func(within time.Duration) error { return s.feedbackFailure(st, msgs, within) })
}

func (s *session) feedbackFailure(st *ExpectFeedback, msgs []*sentMessage, within time.Duration) error {
	var lines []string
	var first string
	for _, m := range msgs {
		if got := s.feedbackOf(m.ID); got != st.Status {
			lines = append(lines, fmt.Sprintf("%s: %s", m.ID, statusText(got)))
			if first == "" {
				first = m.ID
			}
		}
	}
	if first == "" {
		return nil
	}
	f := &Failure{At: st.At, Step: stepName(st), Observed: listed(lines), Ledger: s.linesFor(ledger.Filter{MessageID: first}),
		Expected: fmt.Sprintf("feedback %s for each of %s the hub accepted (%d), within %s", st.Status, st.Messages, len(msgs), within)}
	f.Summary = fmt.Sprintf("%s: want %s, got %s within %s", first, st.Status, statusText(s.feedbackOf(first)), within)
	if len(lines) > 1 {
		f.Summary = fmt.Sprintf("%d of %s did not get %s within %s", len(lines), plural(len(msgs), "message"), st.Status, within)
	}
	return f
}

func statusText(s FeedbackStatus) string {
	if s == "" {
		return "none"
	}
	return string(s)
}

// feedbackCounts counts the messages by the status of their first feedback record;
// "" counts those without one.
func (s *session) feedbackCounts(msgs []*sentMessage) map[FeedbackStatus]int {
	n := map[FeedbackStatus]int{}
	for _, m := range msgs {
		n[s.feedbackOf(m.ID)]++
	}
	return n
}

func (s *session) expectFeedbackCounts(ctx context.Context, st *ExpectFeedbackCounts) error {
	msgs := s.selectSet(st.Messages)
	need := 0
	for _, c := range st.Counts {
		need += c.Min
	}
	m := s.meter("waiting for feedback", need)
	holds := func() bool {
		n := s.led.Count(ledger.Query{Kind: ledger.KindFeedback})
		m.at(n)
		return n >= need && countsHold(st.Counts, s.feedbackCounts(msgs))
	}
	return s.expectWithin(ctx, st, holds, s.allFeedback(s.accepted(msgs)), func(within time.Duration) error { return s.feedbackCountsFailure(st, msgs, within) })
}

func (s *session) feedbackCountsFailure(st *ExpectFeedbackCounts, msgs []*sentMessage, within time.Duration) error {
	got := s.feedbackCounts(msgs)
	f := &Failure{At: st.At, Step: stepName(st),
		Summary:  fmt.Sprintf("want %s, got %s within %s", wantCounts(st.Counts), gotCounts(st.Counts, got), within),
		Expected: fmt.Sprintf("feedback records for %s, counted by status: %s, within %s", st.Messages, wantCounts(st.Counts), within),
		Observed: feedbackTally(got),
	}
	if id := s.firstWithout(msgs, st.Counts); id != "" {
		f.Ledger = s.linesFor(ledger.Filter{MessageID: id})
	}
	return f
}

// feedbackTally lists the messages by their feedback status, and those without any.
func feedbackTally(got map[FeedbackStatus]int) string {
	var parts []string
	for _, st := range FeedbackStatuses {
		if got[st] > 0 {
			parts = append(parts, fmt.Sprintf("%s %d", st, got[st]))
		}
	}
	if got[""] > 0 {
		parts = append(parts, fmt.Sprintf("no feedback yet %d", got[""]))
	}
	if len(parts) == 0 {
		return "no message"
	}
	return strings.Join(parts, ", ")
}

// firstWithout finds a message whose feedback is not among the statuses counted, for
// the ledger lines of an explanation.
func (s *session) firstWithout(msgs []*sentMessage, counts map[FeedbackStatus]Count) string {
	for _, m := range msgs {
		if _, ok := counts[s.feedbackOf(m.ID)]; !ok {
			return m.ID
		}
	}
	return ""
}

// countsHold reports whether every count holds for the numbers got.
func countsHold[K comparable](want map[K]Count, got map[K]int) bool {
	for k, c := range want {
		if !c.Holds(got[k]) {
			return false
		}
	}
	return true
}

// wantCounts renders expected counts sorted by name: "Rejected 1, Success at least 2".
func wantCounts[K ~string](want map[K]Count) string {
	parts := make([]string, 0, len(want))
	for _, k := range sortedKeys(want) {
		parts = append(parts, fmt.Sprintf("%s %s", k, want[k]))
	}
	return strings.Join(parts, ", ")
}

// gotCounts renders the numbers got for the expected names.
func gotCounts[K ~string](want map[K]Count, got map[K]int) string {
	parts := make([]string, 0, len(want))
	for _, k := range sortedKeys(want) {
		parts = append(parts, fmt.Sprintf("%s %d", k, got[k]))
	}
	return strings.Join(parts, ", ")
}

func sortedKeys[K ~string, V any](m map[K]V) []K {
	keys := make([]K, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

func (s *session) expectNoFeedback(ctx context.Context, st *ExpectNoFeedback) error {
	msgs := s.selectSet(st.Messages)
	start := time.Now()
	arrived := func() string {
		for _, m := range msgs {
			if e, ok := s.led.Last(ledger.Query{Kind: ledger.KindFeedback, MessageID: m.ID}); ok && !e.At.Before(start) {
				return m.ID
			}
		}
		return ""
	}
	happened, err := s.await(ctx, st.For, func() bool { return arrived() != "" })
	if !happened || err != nil {
		return err
	}
	id := arrived()
	return &Failure{At: st.At, Step: stepName(st),
		Summary:  fmt.Sprintf("want none during %s, got %s for %s", st.For, s.feedbackOf(id), id),
		Expected: fmt.Sprintf("no feedback record for %s during %s", st.Messages, st.For),
		Observed: fmt.Sprintf("feedback %s for %s", s.feedbackOf(id), id),
		Ledger:   s.linesFor(ledger.Filter{MessageID: id}),
	}
}

package runner

import (
	"fmt"

	"github.com/hubspec/hubspec/runner/ledger"
)

// outcomeOf is the hub's answer to a message's send, in the runner's words; "" while
// none is recorded.
func (s *session) outcomeOf(id string) SendOutcome {
	h, ok := s.led.Message(id)
	if !ok || h.Outcome.Kind == ledger.AnyKind {
		return ""
	}
	return SendOutcome(h.Outcome.Result)
}

// checkOutcomes checks the outcome a send step states for every message it sent.
func (s *session) checkOutcomes(st *Send, msgs []*sentMessage) error {
	if st.Outcome == AnyOutcome {
		return nil
	}
	var lines []string
	var first string
	for _, m := range msgs {
		if got := s.outcomeOf(m.ID); got != st.Outcome {
			lines = append(lines, fmt.Sprintf("%s to %s: %s", m.ID, m.Device, s.outcomeText(m.ID)))
			if first == "" {
				first = m.ID
			}
		}
	}
	if first == "" {
		return nil
	}
	f := &Failure{At: st.At, Step: stepName(st), Observed: listed(lines), Ledger: s.linesFor(ledger.Filter{MessageID: first}),
		Expected: fmt.Sprintf("the hub answers each of the %s with %s", plural(len(msgs), "send"), st.Outcome)}
	f.Summary = fmt.Sprintf("want %s for %s, got %s", st.Outcome, first, s.outcomeText(first))
	if len(lines) > 1 {
		f.Summary = fmt.Sprintf("want %s for every message, got another outcome for %d of %d", st.Outcome, len(lines), len(msgs))
	}
	return f
}

// outcomeText is a send's outcome with the hub's words for a refusal.
func (s *session) outcomeText(id string) string {
	h, _ := s.led.Message(id)
	switch {
	case h.Outcome.Kind == ledger.AnyKind:
		return "no answer"
	case h.Outcome.Detail != "":
		return fmt.Sprintf("%s (%s)", h.Outcome.Result, h.Outcome.Detail)
	}
	return string(h.Outcome.Result)
}

func (s *session) expectSendOutcomes(st *ExpectSendOutcomes) error {
	msgs := s.selectSet(st.Messages)
	got := map[SendOutcome]int{}
	for _, m := range msgs {
		got[s.outcomeOf(m.ID)]++
	}
	if countsHold(st.Counts, got) {
		return nil
	}
	f := &Failure{At: st.At, Step: stepName(st),
		Summary:  fmt.Sprintf("want %s, got %s", wantCounts(st.Counts), gotCounts(st.Counts, got)),
		Expected: fmt.Sprintf("the sends of %s, counted by outcome: %s", st.Messages, wantCounts(st.Counts)),
		Observed: s.outcomeList(msgs),
	}
	if len(msgs) > 0 {
		f.Ledger = s.linesFor(ledger.Filter{MessageID: msgs[0].ID})
	}
	return f
}

// outcomeList lists each send's outcome.
func (s *session) outcomeList(msgs []*sentMessage) string {
	if len(msgs) == 0 {
		return "no message was sent"
	}
	lines := make([]string, len(msgs))
	for i, m := range msgs {
		lines[i] = fmt.Sprintf("%s to %s: %s", m.ID, m.Device, s.outcomeText(m.ID))
	}
	return listed(lines)
}

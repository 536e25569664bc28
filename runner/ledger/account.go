package ledger

import (
	"fmt"
	"strings"
	"time"
)

// Accounting is the end-of-scenario account of every message.
type Accounting struct {
	// Fates holds one fate per message, in the order they were sent.
	Fates []Fate
	// StrayDeliveries are deliveries of message ids this ledger never sent.
	StrayDeliveries []Event
	// StraySends are send outcomes for message ids this ledger never recorded as sent.
	StraySends []Event
	// StrayOthers are settlements and feedback for unknown ids. Feedback from other runs
	// can reach a shared feedback queue, so these are kept but not counted as problems.
	StrayOthers []Event

	start time.Time
}

// Account decides the fate of every message sent so far. Call it when the scenario ends.
// Rules.ExpectQueued runs without the ledger's lock held and may query the ledger.
func (l *Ledger) Account(r Rules) Accounting {
	if r.End.IsZero() {
		r.End = l.now()
	}
	a := Accounting{start: l.start}
	histories, actions := l.Messages(), l.deviceActions()
	a.Fates = make([]Fate, 0, len(histories))
	for _, h := range histories {
		c := fateCase{h: h, actions: actions[h.Sent.Device], rules: r, start: l.start}
		a.Fates = append(a.Fates, c.decide())
	}
	l.fileStrays(&a)
	return a
}

// deviceActions returns the runner actions per device, in recording order.
func (l *Ledger) deviceActions() map[string][]Event {
	out := make(map[string][]Event)
	l.mu.Lock()
	defer l.mu.Unlock()
	for e := range l.log.all() {
		if e.Kind.deviceAction() {
			out[e.Device] = append(out[e.Device], e)
		}
	}
	return out
}

// fileStrays sorts the stray events into a.
func (l *Ledger) fileStrays(a *Accounting) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, pos := range l.strays {
		switch e := l.log.at(pos); e.Kind {
		case KindDelivered:
			a.StrayDeliveries = append(a.StrayDeliveries, e)
		case KindSendOutcome:
			a.StraySends = append(a.StraySends, e)
		default:
			a.StrayOthers = append(a.StrayOthers, e)
		}
	}
}

// ByState counts the fates by state.
func (a Accounting) ByState() map[State]int {
	out := make(map[State]int)
	for _, f := range a.Fates {
		out[f.State]++
	}
	return out
}

// Unaccounted returns the fates that are not known states, in send order.
func (a Accounting) Unaccounted() []Fate {
	var out []Fate
	for _, f := range a.Fates {
		if !f.State.Known() {
			out = append(out, f)
		}
	}
	return out
}

// OK reports whether every message is in a known state and no stray delivery or send
// outcome was recorded.
func (a Accounting) OK() bool { return len(a.Problems()) == 0 }

// Problems returns one line per problem, naming the message id: each unknown or
// contradictory fate, each stray delivery and each stray send outcome.
func (a Accounting) Problems() []string {
	var out []string
	for _, f := range a.Unaccounted() {
		out = append(out, fmt.Sprintf("%s to %s: fate %s: %s", f.MessageID, f.Device, f.State, f.Reason))
	}
	for _, e := range a.StrayDeliveries {
		out = append(out, fmt.Sprintf("%s delivered to %s at %s, but this scenario never sent it",
			e.MessageID, e.Device, Relative(a.start, e.At)))
	}
	for _, e := range a.StraySends {
		out = append(out, fmt.Sprintf("%s: send outcome %s at %s for a message this scenario never recorded as sent",
			e.MessageID, e.Result, Relative(a.start, e.At)))
	}
	return out
}

// String is the problems, one per line.
func (a Accounting) String() string { return strings.Join(a.Problems(), "\n") }

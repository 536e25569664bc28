package runner

import "time"

// Behaviour is how a device settles what it receives: the first Rule whose When
// matches the message decides; otherwise the Default does.
type Behaviour struct {
	Default Settlement
	Rules   []Rule
}

// Settlement is what a device does with one delivery.
type Settlement struct {
	At Pos
	// Sequence is the disposition of each delivery of the same message: the first
	// delivery gets Sequence[0], the second Sequence[1], …, and the last entry repeats.
	// Empty means complete.
	Sequence []Disposition
	// Delay is how long the device holds the message before it settles it.
	Delay time.Duration
}

// Rule settles the messages that match When as Then says.
type Rule struct {
	At   Pos
	When MessageMatch
	Then Settlement
}

// Nth returns the disposition of the message's nth delivery to the device (1-based).
func (s Settlement) Nth(n int) Disposition {
	if len(s.Sequence) == 0 {
		return Complete
	}
	return s.Sequence[min(max(n, 1), len(s.Sequence))-1]
}

// Decide returns how the device settles m on its nth delivery of that message, and the
// delay before it does; v holds the template values of the device and message.
func (b Behaviour) Decide(m *Received, v TemplateVars, n int) (Disposition, time.Duration) {
	s := b.Default
	for _, r := range b.Rules {
		if r.When.Matches(m, v) {
			s = r.Then
			break
		}
	}
	return s.Nth(n), s.Delay
}

// Dispositions returns every disposition the behaviour can use.
func (b Behaviour) Dispositions() []Disposition {
	all := dispositionsOf(b.Default)
	for _, r := range b.Rules {
		all = append(all, dispositionsOf(r.Then)...)
	}
	return all
}

func dispositionsOf(s Settlement) []Disposition {
	if len(s.Sequence) == 0 {
		return []Disposition{Complete}
	}
	return s.Sequence
}

package runner

import (
	"testing"
	"time"
)

func TestBehaviourDecide(t *testing.T) {
	b := Behaviour{
		Default: Settlement{Sequence: []Disposition{Complete}},
		Rules: []Rule{
			{When: MessageMatch{Properties: []PropertyMatch{{Name: "priority", Match: TextMatch{Op: Equals, Text: Literal("low")}}}},
				Then: Settlement{Sequence: []Disposition{Reject}}},
			{When: MessageMatch{Body: &TextMatch{Op: Contains, Text: Literal("retry")}},
				Then: Settlement{Sequence: []Disposition{Abandon, Abandon, Complete}, Delay: 200 * time.Millisecond}},
			{When: MessageMatch{Properties: []PropertyMatch{{Name: "priority", Match: TextMatch{Op: Absent}}}},
				Then: Settlement{Sequence: []Disposition{Ignore}}},
		},
	}
	msg := func(priority, body string) *Received {
		return &Received{Properties: map[string]string{"priority": priority}, Body: []byte(body)}
	}
	tests := []struct {
		name  string
		m     *Received
		n     int
		want  Disposition
		delay time.Duration
	}{
		{"no rule matches", msg("high", "on"), 1, Complete, 0},
		{"first rule wins", msg("low", "retry"), 1, Reject, 0},
		{"sequence, first delivery", msg("high", "retry"), 1, Abandon, 200 * time.Millisecond},
		{"sequence, third delivery", msg("high", "retry"), 3, Complete, 200 * time.Millisecond},
		{"sequence, last entry repeats", msg("high", "retry"), 9, Complete, 200 * time.Millisecond},
		{"absent property", &Received{Body: []byte("x")}, 1, Ignore, 0},
	}
	for _, tt := range tests {
		got, delay := b.Decide(tt.m, TemplateVars{}, tt.n)
		if got != tt.want || delay != tt.delay {
			t.Errorf("%s: Decide = %s, %v; want %s, %v", tt.name, got, delay, tt.want, tt.delay)
		}
	}
}

func TestSettlementDefaultsToComplete(t *testing.T) {
	if got := (Settlement{}).Nth(1); got != Complete {
		t.Errorf("the zero Settlement settles %s, want complete", got)
	}
	if got := (Settlement{Sequence: []Disposition{Abandon, Reject}}).Nth(0); got != Abandon {
		t.Errorf("Nth(0) = %s, want the first entry", got)
	}
}

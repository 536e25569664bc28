package runner_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/hubspec/hubspec/report"
	"github.com/hubspec/hubspec/runner"
)

// TestQueuedMessagesAreAccountedFor: messages a queued step found waiting may end the
// scenario still queued; the same scenario without the step loses them.
func TestQueuedMessagesAreAccountedFor(t *testing.T) {
	t.Parallel()
	const steps = `
fleet: [{id: away, online: false}]
steps:
  - send: {device: away, count: 2, messageId: "m-{run}-{i}"}
`
	c := runEmbedded(t, parse(t, "scenario: expected queued"+steps+"  - queued: {device: away, count: 2}\n"))
	wantCase(t, c, report.Passed)
	c = runEmbedded(t, parse(t, "scenario: nobody expects them"+steps))
	wantCase(t, c, report.Failed, runIDs(c, []string{"2 messages not accounted for", "m-R-1 to away: fate unknown", "m-R-2 to away: fate unknown"})...)
}

// TestSessionStepByStep drives a session as a front end that meets its steps one at a
// time does: Do returns a *Failure for an expectation that does not hold, and Close
// returns one naming each message not accounted for.
func TestSessionStepByStep(t *testing.T) {
	t.Parallel()
	sc := parse(t, `
scenario: step by step
fleet: [{id: d1, online: false}]
steps:
  - send: {device: d1, messageId: "m-{run}"}
  - receives: {device: d1, count: 0, within: 100ms}
  - queued: {device: d1, count: 5, within: 200ms}
`)
	e, _ := runner.NewEngine(runner.EngineOptions{RunID: "step1"})
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	s, err := e.Start(ctx, sc)
	if err != nil {
		t.Fatal(err)
	}
	for _, st := range sc.Steps[:2] {
		if err := s.Do(ctx, st); err != nil {
			t.Fatalf("step at %s: %v", st.Position(), err)
		}
	}
	var f *runner.Failure
	if err := s.Do(ctx, sc.Steps[2]); !errors.As(err, &f) || f.At != sc.Steps[2].Position() || !strings.Contains(f.Observed, "device d1: 1 message queued") {
		t.Errorf("Do(queued 5) = %v, want a *Failure at the step observing 1 message", err)
	}
	err = s.Close(ctx)
	if !errors.As(err, &f) || !strings.Contains(err.Error(), "m-step1 to d1: fate unknown") {
		t.Errorf("Close = %v, want a *Failure naming m-step1", err)
	}
	if again := s.Close(ctx); again == nil || again.Error() != err.Error() {
		t.Errorf("a second Close = %v, want the first result", again)
	}
}

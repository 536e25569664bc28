package runner

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/hubspec/hubspec/runner/ledger"
)

// expect runs one expectation step.
func (s *session) expect(ctx context.Context, step Step) error {
	switch st := step.(type) {
	case *ExpectReceive:
		return s.expectReceive(ctx, st)
	case *ExpectFeedback:
		return s.expectFeedback(ctx, st)
	case *ExpectFeedbackCounts:
		return s.expectFeedbackCounts(ctx, st)
	case *ExpectNoFeedback:
		return s.expectNoFeedback(ctx, st)
	case *ExpectDispositions:
		return s.expectDispositions(ctx, st)
	case *ExpectNoMessage:
		return s.expectNoMessage(ctx, st)
	case *ExpectSendOutcomes:
		return s.expectSendOutcomes(st)
	case *ExpectQueued:
		return s.expectQueued(ctx, st)
	}
	return fmt.Errorf("hubspec cannot run a step of type %T", step)
}

// await waits until holds does, re-checking after every event the ledger records, or
// until within passes. It reports whether the condition held; the error is ctx's when
// the run itself ended, or a device's that stopped receiving.
func (s *session) await(ctx context.Context, within time.Duration, holds func() bool) (bool, error) {
	wctx, cancel := context.WithTimeout(ctx, within)
	defer cancel()
	err := s.led.Wait(wctx, func(*ledger.Ledger) bool { return s.failedDevice() != nil || holds() })
	if derr := s.failedDevice(); derr != nil {
		return false, derr
	}
	if ctx.Err() != nil {
		return false, ctx.Err()
	}
	return err == nil, nil
}

// expectWithin awaits holds until the step's deadline, or until decided says the
// outcome can no longer change (nil: never before the deadline). When holds is false in
// the end, explain says why.
func (s *session) expectWithin(ctx context.Context, step Step, holds, decided func() bool, explain func(within time.Duration) error) error {
	within := s.sc.Deadline(step)
	cond := holds
	if decided != nil {
		cond = func() bool { return holds() || decided() }
	}
	if _, err := s.await(ctx, within, cond); err != nil {
		return err
	}
	if holds() {
		return nil
	}
	return explain(within)
}

// timelineLines is how many ledger lines an explanation shows at most.
const timelineLines = 24

// linesFor returns the ledger lines of a message or a device, for an explanation.
func (s *session) linesFor(f ledger.Filter) []string {
	f.MaxLines = timelineLines
	return s.led.Timeline(f).Lines()
}

// maxObserved is how many devices or messages an explanation lists one by one.
const maxObserved = 10

// listed joins problem lines, the first maxObserved of them, saying how many more there
// are.
func listed(lines []string) string {
	if len(lines) <= maxObserved {
		return strings.Join(lines, "\n")
	}
	return strings.Join(lines[:maxObserved], "\n") + fmt.Sprintf("\n… and %d more", len(lines)-maxObserved)
}

// devicesOf describes a selection with its size.
func devicesOf(sel Selector, n int) string {
	if sel.Device != "" {
		return sel.String()
	}
	return fmt.Sprintf("%s (%s)", sel, plural(n, "device"))
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

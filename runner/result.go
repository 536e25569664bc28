package runner

import (
	"context"
	"errors"
	"fmt"
	"github.com/hubspec/hubspec/hub/core"
	"strconv"
	"time"

	"github.com/hubspec/hubspec/report"
	"github.com/hubspec/hubspec/runner/ledger"
)

// cleanupTimeout bounds the end of a scenario (accounting, disconnecting, deleting the
// devices), which runs even when the run was interrupted.
const cleanupTimeout = time.Minute

// compactLines is how many ledger lines a case's timeline (JUnit system-out) keeps.
const compactLines = 40

// Run runs sc from start to end and returns its result for the reports: passed, failed
// (an expectation did not hold, or a message is not accounted for) or error (the
// scenario could not run), with the explanation, the compact timeline of its messages
// and its latencies. The first step that fails ends the scenario; its devices are
// cleaned up even when ctx ends first. This is the API a test helper calls to run one
// scenario (hubspectest does, for each Gherkin scenario).
func (e *Engine) Run(ctx context.Context, sc *Scenario) report.Case {
	c, _ := e.run(ctx, sc)
	return c
}

// run runs sc and returns its case and its ledger's latency samples.
func (e *Engine) run(ctx context.Context, sc *Scenario) (report.Case, ledger.Samples) {
	start := time.Now()
	c := report.Case{Name: sc.Name, Line: sc.At.Line, Tags: sc.Tags, Status: report.Passed}
	s, err := e.start(ctx, sc)
	if err != nil {
		setOutcome(&c, nil, fmt.Errorf("%s: %w", sc.At, err))
		c.Duration = time.Since(start)
		return c, ledger.Samples{}
	}
	stepErr := s.steps(ctx)
	cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), cleanupTimeout)
	_ = s.Close(cctx)
	cancel()
	primary := stepErr
	if primary == nil && s.accounting != nil {
		primary = s.accounting // a failed step stops the scenario: its accounting would only echo it
	}
	setOutcome(&c, primary, s.cleanupErr)
	c.Duration = time.Since(start)
	c.Timeline = s.led.Compact(compactLines)
	samples := s.led.Samples()
	c.Latencies = latencies(samples.Summarize())
	c.Properties = s.properties()
	return c, samples
}

// steps runs every step in order and stops at the first that fails.
func (s *session) steps(ctx context.Context) error {
	for _, st := range s.sc.Steps {
		if err := s.Do(ctx, st); err != nil {
			return err
		}
	}
	return nil
}

// setOutcome sets the case's status and explanation from a step's error and a later
// error (the clean-up): a *Failure fails the case, another error errs it.
func setOutcome(c *report.Case, stepErr, later error) {
	err := errors.Join(stepErr, later)
	if err == nil {
		return
	}
	c.Status = report.Errored
	var f *Failure
	if stepErr != nil && errors.As(stepErr, &f) {
		c.Status = report.Failed
	}
	c.Explanation = err.Error()
	c.Message = ""
}

// properties describe the hub the scenario ran with, and its run id.
func (s *session) properties() []report.Property {
	cfg := s.sc.Hub.Effective(s.e.RealHub())
	props := []report.Property{
		{Name: "run", Value: s.run},
		{Name: "hub.c2d.maxDeliveryCount", Value: strconv.Itoa(cfg.CloudToDevice.MaxDeliveryCount)},
		{Name: "hub.c2d.defaultTtlAsIso8601", Value: core.FormatISO8601Duration(time.Duration(cfg.CloudToDevice.DefaultTTL))},
	}
	if !s.e.RealHub() {
		props = append(props, report.Property{Name: "hub.profile", Value: string(cfg.Emulator.Profile)})
	}
	return props
}

// latencies converts the ledger's percentiles for the reports, leaving out kinds without
// samples.
func latencies(l ledger.Latencies) []report.Latency {
	var out []report.Latency
	for _, k := range []struct {
		name string
		p    ledger.Percentiles
	}{
		{report.LatencySendReceive, l.SendToReceive},
		{report.LatencyReceiveSettle, l.ReceiveToSettle},
		{report.LatencySendFeedback, l.SendToFeedback},
	} {
		if k.p.Count > 0 {
			out = append(out, report.Latency{Name: k.name, Count: k.p.Count, P50: k.p.P50, P95: k.p.P95, Max: k.p.Max})
		}
	}
	return out
}

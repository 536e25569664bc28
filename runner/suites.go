package runner

import (
	"context"
	"os"
	"sync"
	"sync/atomic"
	"time"

	"github.com/hubspec/hubspec/report"
	"github.com/hubspec/hubspec/runner/ledger"
)

// Suite is the scenarios of one spec file, as its front end read them.
type Suite struct {
	File      string // the spec's path, as the user gave it
	Scenarios []*Scenario
}

// RunOptions say how RunSuites runs the scenarios.
type RunOptions struct {
	// Parallel is how many scenarios run at once; 0 or 1 runs one after another.
	// Scenarios are isolated from each other whatever it is.
	Parallel int
	// FailFast skips the scenarios not yet started once one fails or errs.
	FailFast bool
	// Tags selects the scenarios to run; the others are reported skipped. TagsText is
	// the expression as written, for the skip message.
	Tags     TagExpr
	TagsText string
	// Shard names the part of a split run the suites are (Shard.Select picks them);
	// each suite's report then carries it as the property hubspec.shard.
	Shard Shard
}

// job is one scenario to run, and where its case goes.
type job struct {
	suite, index int
	file         string
	sc           *Scenario
}

// RunSuites runs every selected scenario of the suites and returns the run's results,
// suites and cases in the order given. The listener (EngineOptions.Listener) hears each
// scenario start and finish. When ctx ends, scenarios under way are cleaned up and end
// in error; those not started are skipped.
func (e *Engine) RunSuites(ctx context.Context, suites []Suite, opts RunOptions) report.Run {
	start := time.Now()
	run := report.Run{Started: start, Suites: make([]report.Suite, len(suites))}
	run.Hostname, _ = os.Hostname()
	e.progress.Store(opts.Parallel > 1)
	var jobs []job
	for i, s := range suites {
		run.Suites[i] = report.Suite{File: s.File, Properties: e.suiteProperties(opts), Cases: make([]report.Case, len(s.Scenarios))}
		for k, sc := range s.Scenarios {
			if opts.Tags.Match(sc.Tags) {
				jobs = append(jobs, job{suite: i, index: k, file: s.File, sc: sc})
				continue
			}
			run.Suites[i].Cases[k] = skipped(sc, "not selected by --tags "+opts.TagsText)
		}
	}
	samples := e.runJobs(ctx, jobs, opts, run.Suites)
	run.Duration = time.Since(start)
	run.Latencies = latencies(samples.Summarize())
	timeSuites(run.Suites, start)
	return run
}

// suiteProperties are the engine's properties, and the shard of a split run.
func (e *Engine) suiteProperties(opts RunOptions) []report.Property {
	props := e.Properties()
	if opts.Shard.Count > 1 {
		props = append(props, report.Property{Name: "hubspec.shard", Value: opts.Shard.String()})
	}
	return props
}

// runJobs runs the jobs on opts.Parallel workers, filling in their cases, and returns the
// merged latency samples.
func (e *Engine) runJobs(ctx context.Context, jobs []job, opts RunOptions, suites []report.Suite) ledger.Samples {
	queue := make(chan job)
	var mu sync.Mutex
	var samples ledger.Samples
	var failed atomic.Bool
	var wg sync.WaitGroup
	for range max(opts.Parallel, 1) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range queue {
				c, smp := e.runJob(ctx, j, opts.FailFast && failed.Load())
				if c.Status == report.Failed || c.Status == report.Errored {
					failed.Store(true)
				}
				mu.Lock()
				suites[j.suite].Cases[j.index] = c
				samples.Merge(smp)
				mu.Unlock()
			}
		}()
	}
	for _, j := range jobs {
		queue <- j
	}
	close(queue)
	wg.Wait()
	return samples
}

// runJob runs one scenario, or skips it after a failure (--fail-fast) or the run's end.
func (e *Engine) runJob(ctx context.Context, j job, failedBefore bool) (report.Case, ledger.Samples) {
	l := e.opts.Listener
	var c report.Case
	var smp ledger.Samples
	switch {
	case failedBefore:
		c = skipped(j.sc, "not run: --fail-fast after a failure")
	case ctx.Err() != nil:
		c = skipped(j.sc, "not run: the run ended ("+ctx.Err().Error()+")")
	default:
		if l != nil {
			l.ScenarioStarted(j.file, j.sc.Name)
		}
		c, smp = e.run(ctx, j.sc)
	}
	if l != nil {
		l.ScenarioFinished(j.file, c)
	}
	return c, smp
}

// skipped is the case of a scenario that did not run.
func skipped(sc *Scenario, why string) report.Case {
	return report.Case{Name: sc.Name, Line: sc.At.Line, Tags: sc.Tags, Status: report.Skipped, Explanation: why}
}

// timeSuites gives each suite the start and length of its cases, one after another.
func timeSuites(suites []report.Suite, start time.Time) {
	for i := range suites {
		suites[i].Started = start
		for _, c := range suites[i].Cases {
			suites[i].Duration += c.Duration
		}
	}
}

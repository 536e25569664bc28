package runner_test

import (
	"context"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hubspec/hubspec/report"
	"github.com/hubspec/hubspec/runner"
)

// recorder is a report.Listener that keeps what it hears.
type recorder struct {
	mu       sync.Mutex
	started  []string
	finished map[string]report.Status
}

func (r *recorder) ScenarioStarted(file, name string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.started = append(r.started, file+": "+name)
}

func (r *recorder) ScenarioFinished(file string, c report.Case) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.finished == nil {
		r.finished = map[string]report.Status{}
	}
	r.finished[file+": "+c.Name] = c.Status
}

func (r *recorder) Progress(string, int, int) {}

const (
	passingYAML = `
scenario: passes
tags: [smoke]
fleet: [{id: p1}]
steps:
  - send: {device: p1, messageId: "p-{run}"}
  - receives: {device: p1, count: 1}
`
	failingYAML = `
scenario: fails
tags: [smoke]
fleet: [{id: f1}]
steps:
  - receives: {device: f1, count: 1, within: 100ms}
`
	slowYAML = `
scenario: slow
tags: [slow]
fleet: [{id: s1}]
steps:
  - send: {device: s1, messageId: "s-{run}"}
  - receives: {device: s1, count: 1}
`
)

func TestRunSuites(t *testing.T) {
	t.Parallel()
	rec := &recorder{}
	e, err := runner.NewEngine(runner.EngineOptions{Listener: rec})
	if err != nil {
		t.Fatal(err)
	}
	expr, _ := runner.ParseTagExpr("@smoke")
	suites := []runner.Suite{
		{File: "a.yaml", Scenarios: []*runner.Scenario{parse(t, passingYAML), parse(t, failingYAML)}},
		{File: "b.yaml", Scenarios: []*runner.Scenario{parse(t, slowYAML)}},
	}
	run := e.RunSuites(context.Background(), suites, runner.RunOptions{Parallel: 2, Tags: expr, TagsText: "@smoke"})
	got := fmt.Sprint(statuses(run))
	if want := "[[passed failed] [skipped]]"; got != want {
		t.Fatalf("statuses %s, want %s", got, want)
	}
	if c := run.Suites[1].Cases[0]; c.Explanation != "not selected by --tags @smoke" {
		t.Errorf("skip explanation %q", c.Explanation)
	}
	if run.OK() || len(rec.started) != 2 || rec.finished["a.yaml: fails"] != report.Failed {
		t.Errorf("OK %v, started %v, finished %v", run.OK(), rec.started, rec.finished)
	}
	if len(run.Latencies) == 0 || run.Latencies[0].Name != report.LatencySendReceive || run.Latencies[0].Count != 1 {
		t.Errorf("run latencies %+v, want the one send → receive of the passing scenario", run.Latencies)
	}
}

func TestRunSuitesFailFast(t *testing.T) {
	t.Parallel()
	e, err := runner.NewEngine(runner.EngineOptions{})
	if err != nil {
		t.Fatal(err)
	}
	suites := []runner.Suite{{File: "a.yaml", Scenarios: []*runner.Scenario{parse(t, failingYAML), parse(t, passingYAML)}}}
	run := e.RunSuites(context.Background(), suites, runner.RunOptions{FailFast: true})
	if got := fmt.Sprint(statuses(run)); got != "[[failed skipped]]" {
		t.Fatalf("statuses %s, want [[failed skipped]]", got)
	}
	if c := run.Suites[0].Cases[1]; !strings.Contains(c.Explanation, "--fail-fast") {
		t.Errorf("skip explanation %q", c.Explanation)
	}
}

func TestRunSuitesAfterTheRunEnded(t *testing.T) {
	t.Parallel()
	e, _ := runner.NewEngine(runner.EngineOptions{})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	run := e.RunSuites(ctx, []runner.Suite{{File: "a.yaml", Scenarios: []*runner.Scenario{parse(t, passingYAML)}}}, runner.RunOptions{})
	if c := run.Suites[0].Cases[0]; c.Status != report.Skipped || !strings.Contains(c.Explanation, "the run ended") {
		t.Errorf("case %s %q, want skipped because the run ended", c.Status, c.Explanation)
	}
}

func statuses(run report.Run) [][]report.Status {
	out := make([][]report.Status, len(run.Suites))
	for i, s := range run.Suites {
		for _, c := range s.Cases {
			out[i] = append(out[i], c.Status)
		}
	}
	return out
}

// TestNoGoroutineLeftBehind: once a scenario has run, every goroutine it started (device
// loops, delayed settlements, the feedback receiver, the embedded hub) has ended.
func TestNoGoroutineLeftBehind(t *testing.T) {
	before := runtime.NumGoroutine()
	c := runEmbedded(t, parse(t, `
scenario: everything stops
fleet:
  - {id: slow-1, settle: complete, delay: 100ms}
  - {id: gone-1}
steps:
  - send: {id: s, device: slow-1, messageId: "m-{run}", ack: full}
  - send: {device: gone-1, messageId: "g-{run}"}
  - receives: {device: gone-1, count: 1}
  - disconnect: {device: gone-1}
  - feedback: {send: s, status: Success}
`))
	wantCase(t, c, report.Passed)
	deadline := time.Now().Add(10 * time.Second)
	for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond) // polling for goroutines to end, with a deadline
	}
	if n := runtime.NumGoroutine(); n > before {
		buf := make([]byte, 1<<20)
		t.Errorf("%d goroutines before the scenario, %d after:\n%s", before, n, buf[:runtime.Stack(buf, true)])
	}
}

package hubspectest

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/hubspec/hubspec/report"
	"github.com/hubspec/hubspec/runner"
	"github.com/hubspec/hubspec/runner/specs"
)

// Options say how RunWith runs specs. The zero value runs every scenario, one after
// another, each against an embedded hub of its own.
type Options struct {
	// Vars set variables, as --var NAME=VALUE does; they override the environment.
	Vars map[string]string
	// Tags selects scenarios, as --tags does ("@smoke and not @slow"); the others are
	// skipped.
	Tags string
	// Parallel runs the scenarios of a file in parallel with each other (t.Parallel);
	// they are isolated whatever it is.
	Parallel bool
	// Engine says where scenarios run: the zero value starts an embedded hub for each;
	// Hub (with CAFile, AMQPAddr and HTTPSAddr as needed) names a real one.
	Engine runner.EngineOptions
}

// Run runs every spec file under paths (files or folders) as subtests of t, each
// scenario against an embedded hub of its own.
func Run(t *testing.T, paths ...string) {
	t.Helper()
	RunWith(t, Options{}, paths...)
}

// RunWith runs every spec file under paths as subtests of t, as opts say.
func RunWith(t *testing.T, opts Options, paths ...string) {
	t.Helper()
	run(testingT{t}, opts, paths)
}

// run is RunWith over the part of testing.T it uses.
func run(t tb, opts Options, paths []string) {
	t.Helper()
	files, err := specs.Find(paths)
	if err != nil {
		t.Fatalf("hubspectest: %v", err)
	}
	if len(files) == 0 {
		t.Fatalf("hubspectest: no spec files under %v", paths)
	}
	tags, err := runner.ParseTagExpr(opts.Tags)
	if err != nil {
		t.Fatalf("hubspectest: %v", err)
	}
	engine, err := runner.NewEngine(opts.Engine)
	if err != nil {
		t.Fatalf("hubspectest: %v", err)
	}
	t.Cleanup(func() { _ = engine.Close(context.Background()) })
	load := specs.Options{Vars: opts.Vars, Env: os.LookupEnv, Check: runner.CheckOptions{RealHub: engine.RealHub()}}
	for _, file := range files {
		t.Run(filepath.Base(file), func(t tb) {
			runFile(t, engine, file, load, tags, opts.Parallel)
		})
	}
}

// runFile loads one spec file and runs each of its scenarios as a subtest.
func runFile(t tb, engine *runner.Engine, file string, load specs.Options, tags runner.TagExpr, parallel bool) {
	t.Helper()
	scenarios, err := specs.Load(file, load)
	if err != nil {
		var ps runner.Problems
		if errors.As(err, &ps) {
			err = ps
		}
		t.Fatalf("%s has problems; nothing was run:\n%v", file, err)
	}
	for _, sc := range scenarios {
		t.Run(sc.Name, func(t tb) {
			if !tags.Match(sc.Tags) {
				t.Skipf("not selected by the tags")
			}
			if parallel {
				t.Parallel()
			}
			ctx, cancel := scenarioContext(t)
			defer cancel()
			reportCase(t, engine.Run(ctx, sc))
		})
	}
}

// cleanupMargin is the time left before the test's deadline for a scenario to clean up
// (devices, the embedded hub) rather than be killed with the test binary.
const cleanupMargin = 10 * time.Second

// scenarioContext ends when the test does, or a little before go test's -timeout.
func scenarioContext(t tb) (context.Context, context.CancelFunc) {
	ctx := t.Context()
	if deadline, ok := t.Deadline(); ok {
		return context.WithDeadline(ctx, deadline.Add(-cleanupMargin))
	}
	return context.WithCancel(ctx)
}

// reportCase fails, errs or skips the test as the scenario's case says.
func reportCase(t tb, c report.Case) {
	t.Helper()
	text := report.Redact(c.Explanation)
	if c.Timeline != "" && c.Status != report.Skipped {
		text += "\n\ntimeline:\n" + report.Redact(c.Timeline)
	}
	switch c.Status {
	case report.Failed:
		t.Errorf("failed: %s", text)
	case report.Errored:
		t.Errorf("could not run: %s", text)
	case report.Skipped:
		t.Skipf("%s", text)
	}
}

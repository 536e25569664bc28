package runner_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/hubspec/hubspec/report"
	"github.com/hubspec/hubspec/runner"
	"github.com/hubspec/hubspec/runner/scenario"
)

// parse reads one scenario written in YAML, failing the test on any problem.
func parse(t *testing.T, yaml string) *runner.Scenario {
	t.Helper()
	scs, err := scenario.Parse("test.yaml", []byte(strings.TrimLeft(yaml, "\n")), scenario.Options{})
	if err != nil {
		t.Fatalf("the test's scenario is invalid:\n%v", err)
	}
	return scs[0]
}

// runEmbedded runs sc on an embedded hub of its own and returns its case.
func runEmbedded(t *testing.T, sc *runner.Scenario) report.Case {
	t.Helper()
	e, err := runner.NewEngine(runner.EngineOptions{})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	return e.Run(ctx, sc)
}

// wantCase checks a case's status and that its explanation holds every fragment.
func wantCase(t *testing.T, c report.Case, status report.Status, fragments ...string) {
	t.Helper()
	if c.Status != status {
		t.Fatalf("status %s, want %s; explanation:\n%s", c.Status, status, c.Explanation)
	}
	for _, f := range fragments {
		if !strings.Contains(c.Explanation, f) {
			t.Errorf("the explanation lacks %q:\n%s", f, c.Explanation)
		}
	}
}

// runIDs puts the case's run id where the fragments say R (as in m-R).
func runIDs(c report.Case, fragments []string) []string {
	run := ""
	for _, p := range c.Properties {
		if p.Name == "run" {
			run = p.Value
		}
	}
	out := make([]string, len(fragments))
	for i, f := range fragments {
		out[i] = strings.ReplaceAll(f, "m-R", "m-"+run)
	}
	return out
}

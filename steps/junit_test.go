package steps_test

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hubspec/hubspec/report"
	"github.com/hubspec/hubspec/runner"
	"github.com/hubspec/hubspec/steps"
)

var updateJUnit = flag.Bool("update-junit", false, "rewrite testdata/junit/features.xml")

// TestJUnitOfFeatures runs features end to end on embedded hubs and pins the JUnit
// report they give: a testsuite per feature file, a testcase per scenario and per
// outline row (named after the row), a failure that names the step's line and explains
// it, a skipped case for a scenario the tags leave out. Times, latencies and the order
// of simultaneous ledger lines vary from run to run and are normalized.
func TestJUnitOfFeatures(t *testing.T) {
	var suites []runner.Suite
	for _, name := range []string{"outline.feature", "wrong.feature"} {
		file := filepath.ToSlash(filepath.Join("testdata", "junit", name))
		scs, err := steps.Load(file, steps.Options{})
		if err != nil {
			t.Fatal(err)
		}
		suites = append(suites, runner.Suite{File: file, Scenarios: scs})
	}
	engine, err := runner.NewEngine(runner.EngineOptions{RunID: "run1"})
	if err != nil {
		t.Fatal(err)
	}
	defer engine.Close(context.Background())
	tags, _ := runner.ParseTagExpr("not @slow")
	run := engine.RunSuites(t.Context(), suites, runner.RunOptions{Tags: tags, TagsText: "not @slow"})
	var buf bytes.Buffer
	if err := report.WriteJUnit(&buf, normalized(run)); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join("testdata", "junit", "features.xml")
	if *updateJUnit {
		if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(buf.Bytes(), want) {
		t.Errorf("the JUnit report differs from %s (go test ./steps -run TestJUnitOfFeatures -update-junit rewrites it):\n%s", path, buf.String())
	}
}

var offset = regexp.MustCompile(`\+\d+\.\d+s`)

// normalized fixes what varies between runs: times, hostnames, latencies, ledger time
// offsets and the order of ledger lines with the same time.
func normalized(run report.Run) report.Run {
	at := time.Date(2030, 1, 2, 15, 4, 5, 0, time.UTC)
	run.Started, run.Duration, run.Hostname, run.Latencies = at, time.Second, "host", nil
	for i := range run.Suites {
		s := &run.Suites[i]
		s.Started, s.Duration = at, time.Second
		for k := range s.Cases {
			c := &s.Cases[k]
			c.Duration, c.Latencies = time.Second, nil
			c.Explanation, c.Timeline = steadyLedger(c.Explanation), steadyLedger(c.Timeline)
		}
	}
	return run
}

// steadyLedger replaces time offsets and sorts each run of ledger lines.
func steadyLedger(text string) string {
	lines := strings.Split(offset.ReplaceAllString(text, "+T"), "\n")
	for i := 0; i < len(lines); {
		j := i
		for j < len(lines) && strings.HasPrefix(strings.TrimSpace(lines[j]), "+T") {
			j++
		}
		slices.Sort(lines[i:j])
		i = max(j, i+1)
	}
	return strings.Join(lines, "\n")
}

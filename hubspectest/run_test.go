package hubspectest

import (
	"context"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hubspec/hubspec/runner"
)

// recorder is a tb that records what run reports instead of failing: subtests run in
// turn, and Fatalf and Skipf end the subtest as testing.T's do.
type recorder struct {
	name     string
	ctx      context.Context
	status   string // "pass", "fail" or "skip"
	messages []string
	children []*recorder
	cleanups []func()
}

// stop ends a subtest, as runtime.Goexit ends a testing.T's.
type stop struct{}

func newRecorder(t *testing.T) *recorder {
	return &recorder{ctx: t.Context(), status: "pass"}
}

func (r *recorder) Helper()   {}
func (r *recorder) Parallel() {}
func (r *recorder) Cleanup(f func()) {
	r.cleanups = append(r.cleanups, f)
}
func (r *recorder) Context() context.Context    { return r.ctx }
func (r *recorder) Deadline() (time.Time, bool) { return time.Time{}, false }

func (r *recorder) Errorf(format string, args ...any) {
	r.status = "fail"
	r.messages = append(r.messages, fmt.Sprintf(format, args...))
}

func (r *recorder) Fatalf(format string, args ...any) {
	r.Errorf(format, args...)
	panic(stop{})
}

func (r *recorder) Skipf(format string, args ...any) {
	r.status = "skip"
	r.messages = append(r.messages, fmt.Sprintf(format, args...))
	panic(stop{})
}

func (r *recorder) Run(name string, f func(t tb)) bool {
	c := &recorder{name: strings.TrimPrefix(r.name+"/"+name, "/"), ctx: r.ctx, status: "pass"}
	r.children = append(r.children, c)
	c.call(func() { f(c) })
	if c.status == "fail" {
		r.status = "fail"
	}
	return c.status != "fail"
}

// call runs f as a subtest body: a stop ends it, then its cleanups run, last first.
func (r *recorder) call(f func()) {
	defer func() {
		for _, c := range slices.Backward(r.cleanups) {
			c()
		}
	}()
	defer func() {
		if v := recover(); v != nil {
			if _, ok := v.(stop); !ok {
				panic(v)
			}
		}
	}()
	f()
}

// leaves lists every subtest without subtests: name, status and messages.
func (r *recorder) leaves() []*recorder {
	if len(r.children) == 0 {
		return []*recorder{r}
	}
	var out []*recorder
	for _, c := range r.children {
		out = append(out, c.leaves()...)
	}
	return out
}

// TestRunReportsEachScenario: a subtest per file and per scenario; a failing scenario
// fails its subtest with the explanation and the timeline, a spec with problems fails
// its file's subtest without running, scenarios the tags leave out are skipped.
func TestRunReportsEachScenario(t *testing.T) {
	before := runtime.NumGoroutine()
	root := newRecorder(t)
	root.call(func() { run(root, Options{Tags: "not @slow"}, []string{"testdata/specs"}) })
	noGoroutineLeft(t, before)
	want := []struct {
		name, status string
		has          []string
	}{
		{"bad.feature", "fail", []string{"testdata/specs/bad.feature has problems; nothing was run", `testdata/specs/bad.feature:4: undefined step "device "d-1" recieves 1 message"`}},
		{"ok.feature/A device completes a message", "pass", nil},
		{"scenario.yaml/A YAML scenario runs too", "pass", nil},
		{"slow.feature/Not selected", "skip", []string{"not selected by the tags"}},
		{"wrong.feature/The device is expected to receive two messages but gets one", "fail",
			[]string{"failed: testdata/specs/wrong.feature:5: ", "received 1 message, want 2", "expected: ", "observed: ", "timeline:\n"}},
	}
	got := root.leaves()
	if len(got) != len(want) {
		for _, g := range got {
			t.Logf("%s: %s %q", g.name, g.status, g.messages)
		}
		t.Fatalf("got %d subtests, want %d", len(got), len(want))
	}
	for i, w := range want {
		g := got[i]
		text := strings.Join(g.messages, "\n")
		if g.name != w.name || g.status != w.status {
			t.Errorf("subtest %d: %s %s, want %s %s\n%s", i, g.name, g.status, w.name, w.status, text)
		}
		for _, h := range w.has {
			if !strings.Contains(text, h) {
				t.Errorf("%s: the message lacks %q:\n%s", g.name, h, text)
			}
		}
	}
	if root.status != "fail" {
		t.Error("the whole run passed, though a scenario failed")
	}
}

// noGoroutineLeft waits, up to a deadline, for the goroutines to be back to before:
// once run's cleanups ran, every hub, device and connection it started is closed.
func noGoroutineLeft(t *testing.T, before int) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for runtime.NumGoroutine() > before {
		if time.Now().After(deadline) {
			buf := make([]byte, 1<<16)
			t.Fatalf("%d goroutines left after run, %d before:\n%s", runtime.NumGoroutine(), before, buf[:runtime.Stack(buf, true)])
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestRunRefusesBadArguments(t *testing.T) {
	for _, tt := range []struct {
		opts  Options
		paths []string
		want  string
	}{
		{Options{}, []string{"testdata/missing"}, "hubspectest: testdata/missing: no such file or directory"},
		{Options{}, []string{"doc.go"}, "not a spec file"},
		{Options{Tags: "@a and"}, []string{"testdata/specs"}, "hubspectest: "},
		{Options{Engine: runner.EngineOptions{Hub: "HostName=h;DeviceId=d;SharedAccessKey=eA=="}}, []string{"testdata/specs"}, "hub connection string"},
	} {
		root := newRecorder(t)
		root.call(func() { run(root, tt.opts, tt.paths) })
		if root.status != "fail" || len(root.children) != 0 || !strings.Contains(strings.Join(root.messages, "\n"), tt.want) {
			t.Errorf("run(%+v, %v): %s %q, want a failure containing %q and no subtest", tt.opts, tt.paths, root.status, root.messages, tt.want)
		}
	}
}

package report

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

func TestConsoleDetectsTheTerminal(t *testing.T) {
	var b bytes.Buffer
	if c := NewConsole(&b, ConsoleOptions{}); c.tty || c.color {
		t.Error("a buffer is not a terminal")
	}
	f, err := os.Create(filepath.Join(t.TempDir(), "out.txt"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if c := NewConsole(f, ConsoleOptions{}); c.tty {
		t.Error("a regular file is not a terminal")
	}
	c := NewConsole(&b, ConsoleOptions{IsTerminal: func() bool { return true }, Getenv: func(string) string { return "" }})
	if !c.tty || !c.color {
		t.Error("an injected terminal without NO_COLOR gets colour")
	}
	c = NewConsole(&b, ConsoleOptions{IsTerminal: func() bool { return true }, Getenv: func(string) string { return "1" }})
	if !c.tty || c.color {
		t.Error("NO_COLOR turns colour off")
	}
}

func TestPlainProgress(t *testing.T) {
	var b bytes.Buffer
	c := NewConsole(&b, ConsoleOptions{IsTerminal: func() bool { return false }})
	c.Progress("nothing to do", 0, 0)
	c.Progress("sending", 1, 10)
	c.Progress("sending", 3, 10)
	c.Progress("sending", 2, 10) // going back does not repeat a quarter
	c.Progress("sending", 99, 10)
	c.Progress("sending", 5, 10) // a new round of the same work starts over
	want := "      sending: 3/10 (30%)\n      sending: 10/10 (100%)\n      sending: 5/10 (50%)\n"
	if b.String() != want {
		t.Errorf("progress:\n%q\nwant:\n%q", b.String(), want)
	}
}

func TestTerminalProgressStaysBelowLines(t *testing.T) {
	var b bytes.Buffer
	c := NewConsole(&b, ConsoleOptions{IsTerminal: func() bool { return true }, Getenv: func(string) string { return "1" }, BarWidth: 4})
	c.Progress("wait", 1, 2)
	c.ScenarioStarted("a.yaml", "s")
	c.Progress("wait", 2, 2)
	want := "wait [==  ] 1/2 50%" + "\r\x1b[K" + "RUN   a.yaml: s\n" + "wait [==  ] 1/2 50%" + "\r\x1b[K"
	if b.String() != want {
		t.Errorf("terminal output:\n%q\nwant:\n%q", b.String(), want)
	}
}

func TestConsoleIsSafeForConcurrentUse(t *testing.T) {
	var b bytes.Buffer
	c := NewConsole(&b, ConsoleOptions{IsTerminal: func() bool { return true }})
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			for j := range 50 {
				c.ScenarioStarted("f.yaml", "s")
				c.Progress("work", j, 50)
				c.ScenarioFinished("f.yaml", Case{Name: "s", Status: Status([]Status{Passed, Failed}[i%2])})
			}
		})
	}
	wg.Wait()
	if n := strings.Count(b.String(), "RUN   f.yaml: s\n"); n != 400 {
		t.Errorf("%d RUN lines, want 400 whole lines", n)
	}
}

func TestSummaryOfAPassingRun(t *testing.T) {
	var b bytes.Buffer
	c := NewConsole(&b, ConsoleOptions{IsTerminal: func() bool { return false }})
	c.Summary(Run{Duration: ms(1500), Suites: []Suite{{File: "a.yaml", Cases: []Case{{Name: "x", Status: Passed}}}}})
	want := "\n1 scenario in 1 file: 1 passed, 0 failed, 0 errors, 0 skipped (1.500s)\n"
	if b.String() != want {
		t.Errorf("summary %q, want %q", b.String(), want)
	}
}

// The timeline under a failure adds only what the explanation does not already
// quote: the counts when every ledger line is there, the whole timeline otherwise.
func TestTimelineUnderAFailureIsNotRepeated(t *testing.T) {
	explanation := "want Success, got Rejected\nledger:\n+0.031s   m-1  sent to d-1\n+0.132s   m-1  feedback Rejected"
	for _, tc := range []struct {
		timeline  string
		want, not []string
	}{
		{"sent 1 · feedback Rejected 1\n+0.031s   m-1  sent to d-1\n+0.132s   m-1  feedback Rejected",
			[]string{"totals: sent 1 · feedback Rejected 1"}, []string{"timeline:"}},
		{"sent 2\n+0.031s   m-1  sent to d-1\n+0.040s   m-2  sent to d-2",
			[]string{"timeline:", "m-2  sent to d-2", "sent 2"}, []string{"totals:"}},
	} {
		var b strings.Builder
		writeTimeline(&b, Case{Explanation: explanation, Timeline: tc.timeline})
		for _, w := range tc.want {
			if !strings.Contains(b.String(), w) {
				t.Errorf("timeline %q: output lacks %q:\n%s", tc.timeline, w, b.String())
			}
		}
		for _, n := range tc.not {
			if strings.Contains(b.String(), n) {
				t.Errorf("timeline %q: output has %q:\n%s", tc.timeline, n, b.String())
			}
		}
	}
}

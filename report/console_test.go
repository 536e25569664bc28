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

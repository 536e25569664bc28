package report

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// golden compares got with testdata/name, or rewrites the file with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./report -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("output differs from %s (go test ./report -update rewrites it):\n%s", path, got)
	}
}

func TestJUnitGolden(t *testing.T) {
	var b bytes.Buffer
	if err := WriteJUnit(&b, fixtureRun()); err != nil {
		t.Fatal(err)
	}
	golden(t, "junit.golden.xml", b.Bytes())
}

func TestJSONGolden(t *testing.T) {
	var b bytes.Buffer
	if err := WriteJSON(&b, fixtureRun()); err != nil {
		t.Fatal(err)
	}
	golden(t, "report.golden.json", b.Bytes())
}

func TestConsoleGolden(t *testing.T) {
	tests := []struct {
		name    string
		tty     bool
		noColor string
	}{
		{"console-plain.golden.txt", false, ""},
		{"console-terminal.golden.txt", true, ""},
		{"console-terminal-no-color.golden.txt", true, "1"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var b bytes.Buffer
			c := NewConsole(&b, ConsoleOptions{IsTerminal: func() bool { return tc.tty },
				Getenv: func(k string) string { return map[string]string{"NO_COLOR": tc.noColor}[k] }})
			playRun(c, fixtureRun())
			golden(t, tc.name, b.Bytes())
		})
	}
}

// playRun feeds a console what the runner would while running run, with progress for the
// fleet and for a long wait.
func playRun(c *Console, run Run) {
	for _, s := range run.Suites {
		for _, cs := range s.Cases {
			c.ScenarioStarted(s.File, cs.Name)
			switch cs.Line {
			case 3:
				for done := 0; done <= 1000; done += 125 {
					c.Progress("connecting devices", done, 1000)
				}
			case 15:
				c.Progress("waiting for feedback on msg-2", 1, 3)
				c.Progress("waiting for feedback on msg-2", 1, 3) // unchanged: not redrawn
			}
			c.ScenarioFinished(s.File, cs)
			if cs.Line == 15 {
				c.Progress("waiting for feedback on msg-2", 3, 3)
			}
		}
	}
	c.Summary(run)
}

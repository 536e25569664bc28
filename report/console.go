package report

import (
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
)

// Listener receives a run's progress as it happens. Console implements it; the runner
// calls it from many goroutines.
type Listener interface {
	// ScenarioStarted says a scenario of file began.
	ScenarioStarted(file, name string)
	// ScenarioFinished gives a scenario's result.
	ScenarioFinished(file string, c Case)
	// Progress reports done out of total for long work: connecting a fleet, sending,
	// waiting for a deadline. label names the work.
	Progress(label string, done, total int)
}

// ConsoleOptions configures a Console. The zero value detects the terminal and reads
// NO_COLOR from the environment.
type ConsoleOptions struct {
	// IsTerminal reports whether the output is a terminal; nil checks whether it is an
	// *os.File that is a character device.
	IsTerminal func() bool
	// Getenv reads the environment; nil is os.Getenv. Colour is off when NO_COLOR is set
	// to anything but the empty string.
	Getenv func(string) string
	// BarWidth is the width of the progress bar; 0 means 24.
	BarWidth int
}

// Console writes a run for a person: a line per scenario started and finished, progress
// for long work, and the final summary. On a terminal it draws a progress bar that it
// redraws in place, in colour unless NO_COLOR is set; otherwise it writes plain lines,
// with progress at each quarter. Every text passes through Redact. It is safe for
// concurrent use.
type Console struct {
	mu       sync.Mutex
	w        io.Writer
	tty      bool
	color    bool
	barWidth int
	bar      string         // the progress bar on screen, "" when none
	steps    map[string]int // per label: the last percent drawn (terminal) or quarter written
}

var _ Listener = (*Console)(nil)

// NewConsole returns a Console writing to w.
func NewConsole(w io.Writer, opts ConsoleOptions) *Console {
	if opts.IsTerminal == nil {
		opts.IsTerminal = func() bool { return isCharDevice(w) }
	}
	if opts.Getenv == nil {
		opts.Getenv = os.Getenv
	}
	if opts.BarWidth <= 0 {
		opts.BarWidth = 24
	}
	tty := opts.IsTerminal()
	return &Console{w: w, tty: tty, color: tty && opts.Getenv("NO_COLOR") == "",
		barWidth: opts.BarWidth, steps: make(map[string]int)}
}

// isCharDevice reports whether w is a file that is a terminal or another character device.
func isCharDevice(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}

// ScenarioStarted writes "RUN   file: name".
func (c *Console) ScenarioStarted(file, name string) {
	c.lines(fmt.Sprintf("RUN   %s: %s", safe(file), safe(name)))
}

// ScenarioFinished writes the scenario's status, name and time, and for a failure, an
// error or a skip its first line.
func (c *Console) ScenarioFinished(file string, cs Case) {
	cs = prepareCase(cs)
	line := fmt.Sprintf("%s %s: %s (%s%s)", c.status(cs.Status), safe(file), cs.Name,
		shortDuration(cs.Duration), flakyNote(cs))
	if cs.Status == Passed || cs.Message == "" {
		c.lines(line)
		return
	}
	c.lines(line, "      "+cs.Message)
}

// flakyNote says after how many attempts a flaky case passed.
func flakyNote(cs Case) string {
	if !cs.Flaky() {
		return ""
	}
	return fmt.Sprintf(", flaky: passed on attempt %d", len(cs.Attempts)+1)
}

// status renders a status as a fixed-width word, coloured on a terminal.
func (c *Console) status(s Status) string {
	word := map[Status]string{Passed: "PASS ", Failed: "FAIL ", Errored: "ERROR", Skipped: "SKIP "}[s]
	if word == "" {
		word = strings.ToUpper(string(s))
	}
	return c.paint(s, word)
}

// statusColors are the ANSI colours of the statuses.
var statusColors = map[Status]string{Passed: "32", Failed: "31", Errored: "1;31", Skipped: "33"}

// paint colours text for status s when colour is on.
func (c *Console) paint(s Status, text string) string {
	if !c.color || statusColors[s] == "" {
		return text
	}
	return "\x1b[" + statusColors[s] + "m" + text + "\x1b[0m"
}

// lines writes whole lines, keeping a progress bar below them on a terminal.
func (c *Console) lines(lines ...string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.clearBar()
	for _, l := range lines {
		_, _ = io.WriteString(c.w, l+"\n")
	}
	c.drawBar()
}

package report

import (
	"fmt"
	"io"
	"strings"
	"time"
)

// Summary writes the end of a run: each failure and error explained (the first line,
// the full explanation and the timeline), then the counts and the latencies.
func (c *Console) Summary(run Run) {
	run = prepare(run)
	var b strings.Builder
	c.writeProblems(&b, run)
	writeCounts(&b, run)
	writeLatencies(&b, run.Latencies)
	c.mu.Lock()
	defer c.mu.Unlock()
	c.clearBar()
	c.bar = ""
	_, _ = io.WriteString(c.w, b.String())
}

// writeProblems explains every failed and errored case.
func (c *Console) writeProblems(b *strings.Builder, run Run) {
	for _, s := range run.Suites {
		for _, cs := range s.Cases {
			if cs.Status == Failed || cs.Status == Errored {
				c.explain(b, s.File, cs)
			}
		}
	}
}

// explain writes one case's explanation, indented under a heading.
func (c *Console) explain(b *strings.Builder, file string, cs Case) {
	word := map[Status]string{Failed: "FAIL", Errored: "ERROR"}[cs.Status]
	fmt.Fprintf(b, "\n--- %s %s: %s (%s)\n", c.paint(cs.Status, word), location(file, cs.Line), cs.Name,
		shortDuration(cs.Duration))
	fmt.Fprintf(b, "    %s\n", cs.Message)
	if rest := withoutFirstLine(cs.Explanation, cs.Message); rest != "" {
		b.WriteString(indent(rest, "    "))
	}
	writeTimeline(b, cs)
}

// writeTimeline adds the case's timeline under its explanation. When the
// explanation already quotes every ledger line of the timeline (a small scenario),
// only the timeline's other lines (the counts) are added, so nothing shows twice.
func writeTimeline(b *strings.Builder, cs Case) {
	if cs.Timeline == "" {
		return
	}
	var rest []string
	repeated := true
	for _, line := range strings.Split(strings.Trim(cs.Timeline, "\n"), "\n") {
		if !strings.HasPrefix(line, "+") {
			rest = append(rest, line)
		} else if !strings.Contains(cs.Explanation, line) {
			repeated = false
		}
	}
	if !repeated {
		b.WriteString("\n    timeline:\n")
		b.WriteString(indent(cs.Timeline, "      "))
		return
	}
	if len(rest) > 0 {
		b.WriteString("\n    totals: " + strings.Join(rest, "; ") + "\n")
	}
}

// location is file:line, or file alone when the line is unknown.
func location(file string, line int) string {
	if line <= 0 {
		return file
	}
	return fmt.Sprintf("%s:%d", file, line)
}

// withoutFirstLine drops the explanation's first line when it is the message already shown.
func withoutFirstLine(explanation, message string) string {
	explanation = strings.Trim(explanation, "\n")
	first, rest, _ := strings.Cut(explanation, "\n")
	if strings.TrimSpace(first) == message {
		return strings.Trim(rest, "\n")
	}
	return explanation
}

// indent prefixes each non-empty line of s and ends it with a newline.
func indent(s, prefix string) string {
	var b strings.Builder
	for line := range strings.SplitSeq(strings.TrimRight(s, "\n"), "\n") {
		if line != "" {
			b.WriteString(prefix)
		}
		b.WriteString(line + "\n")
	}
	return b.String()
}

// writeCounts writes the line of totals.
func writeCounts(b *strings.Builder, run Run) {
	t := run.Totals()
	flaky := ""
	if t.Flaky > 0 {
		flaky = fmt.Sprintf(" (%d flaky)", t.Flaky)
	}
	fmt.Fprintf(b, "\n%s in %s: %d passed%s, %d failed, %d %s, %d skipped (%s)\n",
		plural(t.Tests, "scenario"), plural(len(run.Suites), "file"), t.Passed, flaky, t.Failed,
		t.Errors, pluralWord(t.Errors, "error"), t.Skipped, shortDuration(run.Duration))
}

// writeLatencies writes the latency table, or nothing when there are no samples.
func writeLatencies(b *strings.Builder, ls []Latency) {
	if len(ls) == 0 {
		return
	}
	fmt.Fprintf(b, "\n%-18s %7s %9s %9s %9s\n", "latency", "count", "p50", "p95", "max")
	for _, l := range ls {
		fmt.Fprintf(b, "%-18s %7d %9s %9s %9s\n", strings.ReplaceAll(l.Name, "_", " → "), l.Count,
			latency(l.P50), latency(l.P95), latency(l.Max))
	}
}

// plural is "n thing" or "n things".
func plural(n int, thing string) string { return fmt.Sprintf("%d %s", n, pluralWord(n, thing)) }

// pluralWord is thing or things by n.
func pluralWord(n int, thing string) string {
	if n == 1 {
		return thing
	}
	return thing + "s"
}

// shortDuration formats a scenario's duration in seconds with milliseconds.
func shortDuration(d time.Duration) string { return seconds(d) + "s" }

// latency formats a latency: milliseconds with one decimal below a second, else seconds.
func latency(d time.Duration) string {
	if d < time.Second {
		return fmt.Sprintf("%.1fms", float64(d.Microseconds())/1000)
	}
	return fmt.Sprintf("%.3fs", d.Seconds())
}

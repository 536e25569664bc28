package report

import (
	"io"
	"strconv"
	"strings"
	"time"
)

// The failure types in JUnit.
const (
	junitFailureType = "AssertionError"
	junitErrorType   = "Error"
)

// WriteJUnit writes run as JUnit XML that Jenkins, GitLab, Azure Pipelines and the GitHub
// Actions reporters all accept (docs/reports.md lists the rules it keeps).
func WriteJUnit(w io.Writer, run Run) error {
	run = prepare(run)
	x := newXMLWriter(w)
	x.raw(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	t := run.Totals()
	x.start("testsuites", append([]attr{{"name", run.Name}}, counters(t, run.Duration, run.Started)...)...)
	for _, s := range run.Suites {
		writeSuite(x, run, s)
	}
	x.end("testsuites")
	return x.flush()
}

// counters are the count, time and timestamp attributes of testsuites and testsuite.
func counters(t Totals, d time.Duration, started time.Time) []attr {
	out := []attr{{"tests", strconv.Itoa(t.Tests)}, {"failures", strconv.Itoa(t.Failed)},
		{"errors", strconv.Itoa(t.Errors)}, {"skipped", strconv.Itoa(t.Skipped)}, {"time", seconds(d)}}
	if !started.IsZero() {
		out = append(out, attr{"timestamp", timestamp(started)})
	}
	return out
}

// writeSuite writes one testsuite.
func writeSuite(x *xmlWriter, run Run, s Suite) {
	started := s.Started
	if started.IsZero() {
		started = run.Started
	}
	attrs := append([]attr{{"name", s.Name}}, counters(s.Totals(), s.Duration, started)...)
	if run.Hostname != "" {
		attrs = append(attrs, attr{"hostname", run.Hostname})
	}
	if s.File != "" {
		attrs = append(attrs, attr{"file", s.File})
	}
	x.start("testsuite", attrs...)
	writeProperties(x, s.Properties)
	class := Classname(s.File)
	for _, c := range s.Cases {
		writeCase(x, s, class, c)
	}
	x.end("testsuite")
}

// writeCase writes one testcase: its properties, at most one result element, the
// Surefire rerun elements of earlier attempts, and its timeline.
func writeCase(x *xmlWriter, s Suite, class string, c Case) {
	attrs := []attr{{"classname", class}, {"name", c.Name}}
	if s.File != "" {
		attrs = append(attrs, attr{"file", s.File})
	}
	if c.Line > 0 {
		attrs = append(attrs, attr{"line", strconv.Itoa(c.Line)})
	}
	x.start("testcase", append(attrs, attr{"time", seconds(c.Duration)})...)
	writeProperties(x, caseProperties(c))
	writeResult(x, c)
	for _, a := range c.Attempts {
		writeAttempt(x, c.Status, a)
	}
	if c.Timeline != "" {
		x.text("system-out", c.Timeline)
	}
	x.end("testcase")
}

// writeResult writes the case's one result element: failure, error or skipped.
func writeResult(x *xmlWriter, c Case) {
	switch c.Status {
	case Failed:
		x.text("failure", c.Explanation, attr{"message", c.Message}, attr{"type", junitFailureType})
	case Errored:
		x.text("error", c.Explanation, attr{"message", c.Message}, attr{"type", junitErrorType})
	case Skipped:
		x.text("skipped", c.Explanation, attr{"message", c.Message})
	}
}

// writeAttempt writes an earlier failed or errored attempt the Surefire way: flakyFailure
// or flakyError when the case passed in the end, rerunFailure or rerunError when it failed
// or errored; nothing when it was skipped in the end.
func writeAttempt(x *xmlWriter, final Status, a Attempt) {
	kind := map[Status]string{Failed: "Failure", Errored: "Error"}[a.Status]
	if kind == "" || final == Skipped {
		return
	}
	prefix, typ := "rerun", junitFailureType
	if final == Passed {
		prefix = "flaky"
	}
	if a.Status == Errored {
		typ = junitErrorType
	}
	name := prefix + kind
	x.start(name, attr{"message", a.Message}, attr{"type", typ}, attr{"time", seconds(a.Duration)})
	x.text("stackTrace", a.Explanation)
	if a.Timeline != "" {
		x.text("system-out", a.Timeline)
	}
	x.end(name)
}

// caseProperties are a case's own properties, then its tags and latencies.
func caseProperties(c Case) []Property {
	props := append([]Property(nil), c.Properties...)
	if len(c.Tags) > 0 {
		props = append(props, Property{"tags", strings.Join(c.Tags, " ")})
	}
	for _, l := range c.Latencies {
		props = append(props,
			Property{"latency." + l.Name + ".p50_ms", millis(l.P50)},
			Property{"latency." + l.Name + ".p95_ms", millis(l.P95)})
	}
	return props
}

// writeProperties writes a properties element, or nothing when there are none.
func writeProperties(x *xmlWriter, props []Property) {
	if len(props) == 0 {
		return
	}
	x.start("properties")
	for _, p := range props {
		x.empty("property", attr{"name", p.Name}, attr{"value", p.Value})
	}
	x.end("properties")
}

// seconds formats d as seconds with a decimal point and millisecond precision.
func seconds(d time.Duration) string { return strconv.FormatFloat(d.Seconds(), 'f', 3, 64) }

// millis formats d in milliseconds, to the microsecond, without trailing zeros.
func millis(d time.Duration) string {
	return strconv.FormatFloat(float64(d.Microseconds())/1000, 'f', -1, 64)
}

// timestamp formats t as ISO-8601 in UTC without a zone, as JUnit readers expect.
func timestamp(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05") }

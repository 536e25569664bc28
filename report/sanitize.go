package report

import (
	"slices"
	"strings"
)

// The caps that keep reports compact (GitLab refuses JUnit files over 30 MB).
const (
	maxMessage  = 1 << 10  // the first line of an explanation
	maxText     = 64 << 10 // an explanation
	maxTimeline = 32 << 10 // a case's timeline (system-out)
)

// prepare returns the copy of run every writer works from: every text cleaned and
// redacted, then capped; defaults filled in; case names unique.
func prepare(run Run) Run {
	out := run
	out.Name = orDefault(safe(run.Name), "hubspec")
	out.Hostname = safe(run.Hostname)
	out.Latencies = slices.Clone(run.Latencies)
	for i := range out.Latencies {
		out.Latencies[i].Name = safe(out.Latencies[i].Name)
	}
	out.Suites = make([]Suite, len(run.Suites))
	for i, s := range run.Suites {
		out.Suites[i] = prepareSuite(s)
	}
	uniqueNames(&out)
	return out
}

// prepareSuite cleans one suite and its cases.
func prepareSuite(s Suite) Suite {
	s.File = safe(s.File)
	s.Name = orDefault(safe(s.Name), s.File)
	s.Properties = prepareProperties(s.Properties)
	cases := make([]Case, len(s.Cases))
	for i, c := range s.Cases {
		cases[i] = prepareCase(c)
	}
	s.Cases = cases
	return s
}

// prepareCase cleans one case and its attempts.
func prepareCase(c Case) Case {
	c.Name = safe(c.Name)
	c.Message, c.Explanation = prepareExplanation(c.Status, c.Message, c.Explanation)
	c.Timeline = truncate(safe(c.Timeline), maxTimeline)
	c.Tags = slices.Clone(c.Tags)
	for i := range c.Tags {
		c.Tags[i] = safe(c.Tags[i])
	}
	c.Properties = prepareProperties(c.Properties)
	c.Latencies = slices.Clone(c.Latencies)
	attempts := make([]Attempt, len(c.Attempts))
	for i, a := range c.Attempts {
		a.Message, a.Explanation = prepareExplanation(a.Status, a.Message, a.Explanation)
		a.Timeline = truncate(safe(a.Timeline), maxTimeline)
		attempts[i] = a
	}
	c.Attempts = attempts
	return c
}

// prepareExplanation cleans an explanation and its first line. The message defaults to
// the explanation's first line; a message that is not that line is put before the
// explanation, so that the explanation always starts with the message. A failure or an
// error always gets both.
func prepareExplanation(status Status, message, explanation string) (string, string) {
	explanation = strings.Trim(safe(explanation), "\n")
	message = firstLine(safe(message))
	switch {
	case message == "" && explanation == "":
		message = defaultMessage[status]
		explanation = message
	case message == "":
		message = firstLine(explanation)
	case firstLine(explanation) != message:
		explanation = strings.TrimSuffix(message+"\n"+explanation, "\n")
	}
	return truncate(message, maxMessage), truncate(explanation, maxText)
}

// defaultMessage explains a failure or an error that came without an explanation.
var defaultMessage = map[Status]string{
	Failed:  "the scenario failed (no explanation was given)",
	Errored: "the scenario could not run (no explanation was given)",
}

// prepareProperties cleans names and values.
func prepareProperties(props []Property) []Property {
	out := make([]Property, len(props))
	for i, p := range props {
		out[i] = Property{Name: safe(p.Name), Value: safe(p.Value)}
	}
	return out
}

// orDefault returns s, or def when s is empty.
func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

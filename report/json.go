package report

import (
	"encoding/json"
	"io"
	"math"
	"time"
)

// JSONSchemaVersion is the version of the JSON report's schema (docs/reports.md). It
// changes only when a field changes meaning or goes away; new fields may appear.
const JSONSchemaVersion = 1

// The JSON report's shape. Times are RFC 3339 in UTC; durations are seconds with
// millisecond precision; latencies are milliseconds with microsecond precision.
type (
	jsonRun struct {
		SchemaVersion   int           `json:"schemaVersion"`
		Name            string        `json:"name"`
		Started         string        `json:"started,omitempty"`
		DurationSeconds float64       `json:"durationSeconds"`
		Hostname        string        `json:"hostname,omitempty"`
		OK              bool          `json:"ok"`
		Totals          jsonTotals    `json:"totals"`
		Latencies       []jsonLatency `json:"latencies"`
		Suites          []jsonSuite   `json:"suites"`
	}
	jsonTotals struct {
		Tests   int `json:"tests"`
		Passed  int `json:"passed"`
		Failed  int `json:"failed"`
		Errors  int `json:"errors"`
		Skipped int `json:"skipped"`
		Flaky   int `json:"flaky"`
	}
	jsonLatency struct {
		Name  string  `json:"name"`
		Count int     `json:"count"`
		P50Ms float64 `json:"p50Ms"`
		P95Ms float64 `json:"p95Ms"`
		MaxMs float64 `json:"maxMs"`
	}
	jsonSuite struct {
		File            string            `json:"file"`
		Name            string            `json:"name"`
		Classname       string            `json:"classname"`
		Started         string            `json:"started,omitempty"`
		DurationSeconds float64           `json:"durationSeconds"`
		Properties      map[string]string `json:"properties"`
		Totals          jsonTotals        `json:"totals"`
		Cases           []jsonCase        `json:"cases"`
	}
	jsonCase struct {
		Name            string            `json:"name"`
		Line            int               `json:"line,omitempty"`
		Status          Status            `json:"status"`
		Flaky           bool              `json:"flaky"`
		DurationSeconds float64           `json:"durationSeconds"`
		Message         string            `json:"message,omitempty"`
		Explanation     string            `json:"explanation,omitempty"`
		Timeline        string            `json:"timeline,omitempty"`
		Tags            []string          `json:"tags"`
		Properties      map[string]string `json:"properties"`
		Latencies       []jsonLatency     `json:"latencies"`
		Attempts        []jsonAttempt     `json:"attempts"`
	}
	jsonAttempt struct {
		Status          Status  `json:"status"`
		DurationSeconds float64 `json:"durationSeconds"`
		Message         string  `json:"message,omitempty"`
		Explanation     string  `json:"explanation,omitempty"`
		Timeline        string  `json:"timeline,omitempty"`
	}
)

// WriteJSON writes run as the JSON report described in docs/reports.md.
func WriteJSON(w io.Writer, run Run) error {
	run = prepare(run)
	out := jsonRun{SchemaVersion: JSONSchemaVersion, Name: run.Name, Started: rfc3339(run.Started),
		DurationSeconds: secondsValue(run.Duration), Hostname: run.Hostname, OK: run.OK(),
		Totals: totalsJSON(run.Totals()), Latencies: latenciesJSON(run.Latencies),
		Suites: make([]jsonSuite, 0, len(run.Suites))}
	for _, s := range run.Suites {
		out.Suites = append(out.Suites, suiteJSON(s))
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}

// suiteJSON converts a prepared suite.
func suiteJSON(s Suite) jsonSuite {
	out := jsonSuite{File: s.File, Name: s.Name, Classname: Classname(s.File), Started: rfc3339(s.Started),
		DurationSeconds: secondsValue(s.Duration), Properties: propertiesJSON(s.Properties),
		Totals: totalsJSON(s.Totals()), Cases: make([]jsonCase, 0, len(s.Cases))}
	for _, c := range s.Cases {
		out.Cases = append(out.Cases, caseJSON(c))
	}
	return out
}

// caseJSON converts a prepared case.
func caseJSON(c Case) jsonCase {
	out := jsonCase{Name: c.Name, Line: c.Line, Status: c.Status, Flaky: c.Flaky(),
		DurationSeconds: secondsValue(c.Duration), Message: c.Message, Explanation: c.Explanation,
		Timeline: c.Timeline, Tags: append([]string{}, c.Tags...), Properties: propertiesJSON(c.Properties),
		Latencies: latenciesJSON(c.Latencies), Attempts: make([]jsonAttempt, 0, len(c.Attempts))}
	for _, a := range c.Attempts {
		out.Attempts = append(out.Attempts, jsonAttempt{Status: a.Status, DurationSeconds: secondsValue(a.Duration),
			Message: a.Message, Explanation: a.Explanation, Timeline: a.Timeline})
	}
	return out
}

// totalsJSON converts totals.
func totalsJSON(t Totals) jsonTotals {
	return jsonTotals{Tests: t.Tests, Passed: t.Passed, Failed: t.Failed, Errors: t.Errors,
		Skipped: t.Skipped, Flaky: t.Flaky}
}

// latenciesJSON converts latencies; never nil, so the field is always an array.
func latenciesJSON(ls []Latency) []jsonLatency {
	out := make([]jsonLatency, 0, len(ls))
	for _, l := range ls {
		out = append(out, jsonLatency{Name: l.Name, Count: l.Count, P50Ms: msValue(l.P50),
			P95Ms: msValue(l.P95), MaxMs: msValue(l.Max)})
	}
	return out
}

// propertiesJSON converts properties to an object; a repeated name keeps its last value.
func propertiesJSON(props []Property) map[string]string {
	out := make(map[string]string, len(props))
	for _, p := range props {
		out[p.Name] = p.Value
	}
	return out
}

// secondsValue is d in seconds, rounded to the millisecond.
func secondsValue(d time.Duration) float64 { return math.Round(d.Seconds()*1000) / 1000 }

// msValue is d in milliseconds, rounded to the microsecond.
func msValue(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// rfc3339 formats t in UTC with milliseconds, or "" for the zero time.
func rfc3339(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format("2006-01-02T15:04:05.000Z07:00")
}

package report

import (
	"bytes"
	"encoding/json"
	"io"
	"strings"
	"testing"
	"time"
)

// FuzzRedact: Redact never panics, is idempotent, and a labelled key never survives
// whatever text comes before it (the text itself may hold the key without a label).
func FuzzRedact(f *testing.F) {
	for _, s := range []string{"", fixtureConnString, fixtureToken, "sig=abc&se=1", `"primaryKey":"x"`,
		"SharedAccessSignature=SharedAccessSignature sr=a&sig=b", "x509=true;DeviceId=d"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		once := Redact(s)
		if twice := Redact(once); twice != once {
			t.Errorf("not idempotent: %q → %q → %q", s, once, twice)
		}
		for _, in := range []string{s + ";SharedAccessKey=" + testKey, s + " SharedAccessSignature sr=h&sig=" + testSig} {
			out, before := Redact(cleanText(in)), cleanText(s)
			for _, secret := range []string{testKey, testSig} {
				if strings.Count(out, secret) > strings.Count(before, secret) {
					t.Errorf("secret survives in %q", out)
				}
			}
		}
	})
}

// FuzzReports: whatever text a run holds, the JUnit report keeps every rule (well-formed,
// counters, unique names, one result per case, no secret shapes) and the JSON report is
// valid JSON.
func FuzzReports(f *testing.F) {
	f.Add("scenarios/a.yaml", "name", "message", "explanation\nline 2", "timeline", uint8(1))
	f.Add("", "", "", "", "", uint8(2))
	f.Add("a\\b.c.feature", "dup", "m\x00\x1b[31m", "\xff\xfe"+fixtureToken, "]]>&<\"'", uint8(3))
	f.Fuzz(func(t *testing.T, file, name, message, explanation, timeline string, status uint8) {
		statuses := []Status{Passed, Failed, Errored, Skipped}
		c := Case{Name: name, Line: 3, Status: statuses[status%4], Message: message,
			Explanation: explanation, Timeline: timeline, Tags: []string{name},
			Properties: []Property{{name, message}},
			Attempts:   []Attempt{{Status: Failed, Message: message, Explanation: explanation}}}
		run := Run{Started: fixtureStart, Duration: time.Second, Hostname: name,
			Suites: []Suite{{File: file, Name: name, Started: fixtureStart, Cases: []Case{c, c}}, {File: file, Cases: []Case{c}}}}
		var junit, js bytes.Buffer
		if err := WriteJUnit(&junit, run); err != nil {
			t.Fatal(err)
		}
		if p := junitProblems(junit.Bytes()); len(p) > 0 {
			t.Errorf("JUnit breaks rules: %q\n%s", p, junit.String())
		}
		if err := WriteJSON(&js, run); err != nil || !json.Valid(js.Bytes()) {
			t.Errorf("JSON: err %v, valid %v", err, json.Valid(js.Bytes()))
		}
	})
}

// BenchmarkWriteJUnit writes a report of 1,000 cases, each with a timeline.
func BenchmarkWriteJUnit(b *testing.B) {
	run := fixtureRun()
	base := run.Suites[0].Cases[0]
	for i := range 1000 {
		c := base
		c.Name = base.Name + " " + strings.Repeat("x", i%7)
		c.Line = i
		run.Suites[0].Cases = append(run.Suites[0].Cases, c)
	}
	b.ReportAllocs()
	for b.Loop() {
		if err := WriteJUnit(io.Discard, run); err != nil {
			b.Fatal(err)
		}
	}
}

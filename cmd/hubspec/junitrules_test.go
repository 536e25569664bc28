package main

import (
	"encoding/xml"
	"regexp"
	"strings"
	"testing"
)

// The JUnit shape as ../shared/spec/junit.md's rules speak of it.
type (
	jTestsuites struct {
		junitTotals
		Timestamp string       `xml:"timestamp,attr"`
		Time      string       `xml:"time,attr"`
		Suites    []jTestsuite `xml:"testsuite"`
	}
	jTestsuite struct {
		junitTotals
		Name      string      `xml:"name,attr"`
		Timestamp string      `xml:"timestamp,attr"`
		Time      string      `xml:"time,attr"`
		Cases     []jTestcase `xml:"testcase"`
	}
	jTestcase struct {
		Classname string    `xml:"classname,attr"`
		Name      string    `xml:"name,attr"`
		Time      string    `xml:"time,attr"`
		Failure   []jResult `xml:"failure"`
		Error     []jResult `xml:"error"`
		Skipped   []jResult `xml:"skipped"`
	}
	jResult struct {
		Message string `xml:"message,attr"`
		Text    string `xml:",chardata"`
	}
)

var (
	junitTimestamp = regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$`)
	junitSeconds   = regexp.MustCompile(`^\d+\.\d{3}$`)
)

// checkJUnitRules checks a report from a real run against the rules every CI reader
// needs: a dotted classname without the file's extension, unique names, at most one
// result per case with its first line as the message, counters equal to the cases,
// timestamps without a zone, times in seconds with a decimal point, no secret.
func checkJUnitRules(t *testing.T, data string) {
	t.Helper()
	var root jTestsuites
	if err := xml.Unmarshal([]byte(data), &root); err != nil {
		t.Fatalf("JUnit: %v", err)
	}
	var total junitTotals
	seen := map[string]bool{}
	for _, s := range root.Suites {
		var counted junitTotals
		for _, c := range s.Cases {
			checkCase(t, c, seen)
			counted.add(c)
		}
		if counted != s.junitTotals {
			t.Errorf("suite %s: counters %+v, its cases make %+v", s.Name, s.junitTotals, counted)
		}
		total.Tests, total.Failures = total.Tests+counted.Tests, total.Failures+counted.Failures
		total.Errors, total.Skipped = total.Errors+counted.Errors, total.Skipped+counted.Skipped
		checkTimes(t, "suite "+s.Name, s.Timestamp, s.Time)
	}
	if total != root.junitTotals {
		t.Errorf("testsuites counters %+v, the cases make %+v", root.junitTotals, total)
	}
	checkTimes(t, "testsuites", root.Timestamp, root.Time)
	if strings.Contains(data, "SharedAccessKey=") || strings.Contains(data, "sig=") {
		t.Error("the JUnit report holds a secret")
	}
}

func (j *junitTotals) add(c jTestcase) {
	j.Tests++
	j.Failures += len(c.Failure)
	j.Errors += len(c.Error)
	j.Skipped += len(c.Skipped)
}

func checkCase(t *testing.T, c jTestcase, seen map[string]bool) {
	t.Helper()
	key := c.Classname + "\x00" + c.Name
	switch {
	case c.Classname == "" || strings.HasSuffix(c.Classname, ".yaml") || strings.HasSuffix(c.Classname, ".feature"):
		t.Errorf("case %q: classname %q is not a dotted path without its extension", c.Name, c.Classname)
	case seen[key]:
		t.Errorf("case %s %q appears twice", c.Classname, c.Name)
	case len(c.Failure)+len(c.Error)+len(c.Skipped) > 1:
		t.Errorf("case %q has more than one of failure, error and skipped", c.Name)
	case !junitSeconds.MatchString(c.Time):
		t.Errorf("case %q: time %q is not seconds with a decimal point", c.Name, c.Time)
	}
	seen[key] = true
	for _, r := range append(append(c.Failure, c.Error...), c.Skipped...) {
		if first, _, _ := strings.Cut(r.Text, "\n"); first != r.Message {
			t.Errorf("case %q: message %q is not the text's first line %q", c.Name, r.Message, first)
		}
	}
}

func checkTimes(t *testing.T, what, timestamp, seconds string) {
	t.Helper()
	if !junitTimestamp.MatchString(timestamp) || !junitSeconds.MatchString(seconds) {
		t.Errorf("%s: timestamp %q or time %q out of shape", what, timestamp, seconds)
	}
}

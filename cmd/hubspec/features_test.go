package main

import (
	"encoding/xml"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestRunWrongFeature: a feature whose expectation does not hold fails the run with
// exit 1, and the JUnit report has a failure that names the step's line and explains
// what was expected and observed, with the ledger.
func TestRunWrongFeature(t *testing.T) {
	junit := filepath.Join(t.TempDir(), "junit.xml")
	code, stdout, _ := runCLI(cliCase{args: []string{"run", "--junit", junit, "testdata/features/wrong.feature"}})
	if code != exitFailed {
		t.Fatalf("exit %d, want %d:\n%s", code, exitFailed, stdout)
	}
	data, err := os.ReadFile(junit)
	if err != nil {
		t.Fatal(err)
	}
	var report struct {
		Cases []struct {
			Name    string `xml:"name,attr"`
			Failure struct {
				Message string `xml:"message,attr"`
				Text    string `xml:",chardata"`
			} `xml:"failure"`
		} `xml:"testsuite>testcase"`
	}
	if err := xml.Unmarshal(data, &report); err != nil {
		t.Fatalf("the JUnit report: %v\n%s", err, data)
	}
	if len(report.Cases) != 1 {
		t.Fatalf("%d test cases, want 1:\n%s", len(report.Cases), data)
	}
	f := report.Cases[0].Failure
	for _, want := range []string{"testdata/features/wrong.feature:6: ", "received 1 message, want 2"} {
		if !strings.Contains(f.Message, want) {
			t.Errorf("the failure message %q lacks %q", f.Message, want)
		}
	}
	for _, want := range []string{"expected: device thermostat-1 receives 2 messages, within 500ms", "ledger:", "feedback Success"} {
		if !strings.Contains(f.Text, want) {
			t.Errorf("the failure's explanation lacks %q:\n%s", want, f.Text)
		}
	}
	if !strings.Contains(stdout, "testdata/features/wrong.feature:6: ") {
		t.Errorf("the console does not explain the failure:\n%s", stdout)
	}
}

// TestRunRefusesUndefinedStep: run refuses an undefined step as validate reports it,
// with exit 2, before it starts anything.
func TestRunRefusesUndefinedStep(t *testing.T) {
	for _, cmd := range []string{"run", "validate"} {
		code, stdout, stderr := runCLI(cliCase{args: []string{cmd, "testdata/features/undefined.feature"}})
		want := `testdata/features/undefined.feature:4: undefined step "device "thermostat-1" recieves 1 message"; the closest known step is "{devices} receive[s] {count} message[s]`
		if code != exitInvalid || stdout != "" || !strings.HasPrefix(stderr, want) {
			t.Errorf("hubspec %s: exit %d, stdout %q, stderr %q; want exit 2 and the problem first", cmd, code, stdout, stderr)
		}
	}
}

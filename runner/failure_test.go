package runner_test

import (
	"strings"
	"testing"

	"github.com/hubspec/hubspec/report"
	"github.com/hubspec/hubspec/runner"
)

// TestFailureHeadline: the first line of a failure (the JUnit message) is the step's
// position, the step in the user's words (a YAML step's kind) and what did not hold.
func TestFailureHeadline(t *testing.T) {
	for _, tt := range []struct {
		f    runner.Failure
		want string
	}{
		{runner.Failure{At: runner.Pos{File: "s.yaml", Line: 9, Col: 5}, Step: "receives", Summary: "d-1: received 1 message, want 2"},
			"s.yaml:9:5: receives: d-1: received 1 message, want 2"},
		{runner.Failure{At: runner.Pos{File: "x.feature", Line: 9}, Step: `Then device "d-1" receives 2 messages within 5s`, Summary: "d-1: received 1 message, want 2"},
			`x.feature:9: Then device "d-1" receives 2 messages within 5s: d-1: received 1 message, want 2`},
		{runner.Failure{At: runner.Pos{File: "s.yaml", Line: 1, Col: 1}, Summary: "1 message not accounted for"},
			"s.yaml:1:1: 1 message not accounted for"},
		{runner.Failure{Summary: "1 message not accounted for"}, "1 message not accounted for"},
	} {
		if got, _, _ := strings.Cut(tt.f.Error(), "\n"); got != tt.want {
			t.Errorf("headline %q, want %q", got, tt.want)
		}
	}
}

// TestFailureNamesTheStepAsWritten: a step a front end gave its source text fails under
// that text; the same step without it fails under its kind.
func TestFailureNamesTheStepAsWritten(t *testing.T) {
	t.Parallel()
	const yaml = `
scenario: count
fleet: [{id: d1}]
steps:
  - send: {device: d1, messageId: "m-{run}"}
  - receives: {device: d1, count: 2, within: 300ms}
`
	for _, source := range []string{"", `Then device "d1" receives 2 messages within 300ms`} {
		sc := parse(t, yaml)
		sc.Steps[1].(*runner.ExpectReceive).Source = runner.Source{Text: source}
		c := runEmbedded(t, sc)
		name := source
		if name == "" {
			name = "receives"
		}
		wantCase(t, c, report.Failed, "test.yaml:5:5: "+name+": d1: received 1 message, want 2\n")
	}
}

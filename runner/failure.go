package runner

import (
	"strings"

	"github.com/hubspec/hubspec/report"
)

// Failure is an expectation that did not hold (or an action whose outcome the scenario
// states, such as a send's, that did not come out): what was expected, what was observed
// and the message ledger lines that matter. Session.Do returns it; any other error from
// Do means the step could not run at all (a hub unreachable, a refused identity).
type Failure struct {
	At       Pos      // the step
	Step     string   // the step as the user wrote it (Gherkin), or its kind (YAML); empty for the scenario
	Summary  string   // one line: what did not hold
	Expected string   // what the scenario asks for
	Observed string   // what the ledger shows
	Ledger   []string // the ledger lines that matter, as ledger.Timeline renders them
}

// Error is the whole explanation, as every report shows it: the first line is the step's
// position, the step in the user's words and the summary, as in
// "features/x.feature:9: Then device "d-1" receives 2 messages within 5s: d-1: received
// 1 message, want 2" or "scenarios/x.yaml:12:5: receives: d-1: received 1 message, want 2".
func (f *Failure) Error() string {
	return report.Explain(f.headline(), f.Expected, f.Observed, f.Ledger)
}

// headline is the first line of the explanation; JUnit's failure message is this line.
func (f *Failure) headline() string {
	var parts []string
	if f.At.File != "" {
		parts = append(parts, f.At.String())
	}
	if f.Step != "" {
		parts = append(parts, f.Step)
	}
	return strings.Join(append(parts, f.Summary), ": ")
}

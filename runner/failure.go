package runner

import (
	"fmt"

	"github.com/hubspec/hubspec/report"
)

// Failure is an expectation that did not hold (or an action whose outcome the scenario
// states, such as a send's, that did not come out): what was expected, what was observed
// and the message ledger lines that matter. Session.Do returns it; any other error from
// Do means the step could not run at all (a hub unreachable, a refused identity).
type Failure struct {
	At       Pos      // the step
	Summary  string   // one line: what did not hold
	Expected string   // what the scenario asks for
	Observed string   // what the ledger shows
	Ledger   []string // the ledger lines that matter, as ledger.Timeline renders them
}

// Error is the whole explanation, as every report shows it: the first line is the step's
// position and the summary.
func (f *Failure) Error() string {
	return report.Explain(f.headline(), f.Expected, f.Observed, f.Ledger)
}

func (f *Failure) headline() string {
	if f.At.File == "" {
		return f.Summary
	}
	return fmt.Sprintf("%s: %s", f.At, f.Summary)
}

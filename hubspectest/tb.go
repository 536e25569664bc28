package hubspectest

import (
	"context"
	"testing"
	"time"
)

// tb is what run needs of a *testing.T: its own tests drive run with a recorder that
// fails nothing, to check how scenarios that fail are reported.
type tb interface {
	Helper()
	Errorf(format string, args ...any)
	Fatalf(format string, args ...any)
	Skipf(format string, args ...any)
	Parallel()
	Cleanup(f func())
	Context() context.Context
	Deadline() (time.Time, bool)
	Run(name string, f func(t tb)) bool
}

// testingT is a *testing.T as a tb.
type testingT struct{ *testing.T }

func (t testingT) Run(name string, f func(t tb)) bool {
	return t.T.Run(name, func(t *testing.T) { f(testingT{t}) })
}

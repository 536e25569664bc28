package hubspectest_test

import (
	"testing"

	"github.com/hubspec/hubspec/hubspectest"
	"github.com/hubspec/hubspec/runner"
)

// In a _test.go file of a Go module: the features under features/ run as subtests,
// each scenario against an embedded hub of its own.
func ExampleRun() {
	_ = func(t *testing.T) {
		hubspectest.Run(t, "features")
	}
}

// Smoke-tagged scenarios of features/ and scenarios/, in parallel, with a variable set
// as --var would set it; against a real hub when its connection string is given.
func ExampleRunWith() {
	_ = func(t *testing.T) {
		hubspectest.RunWith(t, hubspectest.Options{
			Tags:     "@smoke and not @slow",
			Vars:     map[string]string{"maxDeliveryCount": "5"},
			Parallel: true,
			Engine:   runner.EngineOptions{ /* Hub: os.Getenv("IOTHUB_CONNECTION_STRING") */ },
		}, "features", "scenarios")
	}
}

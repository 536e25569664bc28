package hubspectest_test

import (
	"testing"

	"github.com/hubspec/hubspec/hubspectest"
)

// TestFeatures runs the project's own features, its end-to-end suite, against
// embedded hubs: each feature a subtest, each scenario a subtest of it.
func TestFeatures(t *testing.T) {
	hubspectest.RunWith(t, hubspectest.Options{Parallel: true}, "../features")
}

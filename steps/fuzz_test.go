package steps

import (
	"errors"
	"testing"

	"github.com/hubspec/hubspec/runner"
)

// FuzzParse: whatever bytes a feature file holds, Parse ends with scenarios or with
// problems in that file; never a panic, never a hang. The seed corpus in
// testdata/fuzz/FuzzParse holds the project's features and files with each kind of
// problem.
func FuzzParse(f *testing.F) {
	f.Add([]byte("Feature: f\n  Scenario: s\n    Given a device \"d-1\"\n    When the back end sends a message to device \"d-1\"\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		scs, err := Parse("f.feature", data, Options{ReadFile: func(string) ([]byte, error) { return []byte("body"), nil }})
		if err == nil {
			if len(scs) == 0 {
				t.Fatal("no error and no scenario")
			}
			return
		}
		var ps runner.Problems
		if !errors.As(err, &ps) || len(ps) == 0 {
			t.Fatalf("error %v is not a list of problems", err)
		}
		for _, p := range ps {
			if p.Pos.File != "f.feature" || p.Msg == "" {
				t.Fatalf("problem %q is not about the file", p.Error())
			}
		}
	})
}

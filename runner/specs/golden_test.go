package specs

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// TestGoldenProblems pins, for each spec in testdata/golden (YAML and Gherkin alike),
// every problem the user sees, as hubspec validate prints them: NAME.ext.golden beside
// it (go test -update rewrites them).
func TestGoldenProblems(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "golden", "*.*"))
	if err != nil {
		t.Fatal(err)
	}
	specs := 0
	for _, file := range files {
		if !IsSpec(file) {
			continue
		}
		specs++
		t.Run(filepath.Base(file), func(t *testing.T) {
			_, err := Load(filepath.ToSlash(file), Options{})
			if err == nil {
				t.Fatal("no problem found")
			}
			got := err.Error() + "\n"
			golden := file + ".golden"
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			if got != string(want) {
				t.Errorf("problems differ from %s (go test -update rewrites it):\n%s", golden, strings.TrimSuffix(got, "\n"))
			}
		})
	}
	if specs == 0 {
		t.Fatal("no spec in testdata/golden")
	}
}

package scenario

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/hubspec/hubspec/runner"
)

// FuzzLoad feeds arbitrary bytes to the loader: it must never panic or hang, and every
// problem it reports must point into the file.
func FuzzLoad(f *testing.F) {
	f.Add([]byte("scenario: s\nsteps: []\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		opts := Options{
			Vars:     map[string]string{"N": "2"},
			ReadFile: func(string) ([]byte, error) { return nil, errors.New("no body files while fuzzing") },
		}
		scs, err := Parse("fuzz.yaml", data, opts)
		if err == nil {
			for _, sc := range scs {
				if sc.Name == "" {
					t.Fatal("a scenario without a name passed")
				}
			}
			return
		}
		var ps runner.Problems
		if !errors.As(err, &ps) || len(ps) == 0 {
			t.Fatalf("error %T %v, want runner.Problems", err, err)
		}
		for _, p := range ps {
			if p.Pos.File != "fuzz.yaml" || p.Pos.Line < 0 || p.Msg == "" {
				t.Fatalf("problem %q does not point into the file", p.Error())
			}
		}
	})
}

// TestFuzzCorpusHasEveryExample keeps the checked-in seed corpus in step with the
// examples; run with -update-corpus to rewrite it.
func TestFuzzCorpusHasEveryExample(t *testing.T) {
	for _, f := range exampleFiles(t) {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		want := corpusEntry(data)
		path := filepath.Join("testdata", "fuzz", "FuzzLoad", "example-"+strings.TrimSuffix(filepath.Base(f), ".yaml"))
		if *updateCorpus {
			if err := os.WriteFile(path, []byte(want), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		got, err := os.ReadFile(path)
		if err != nil || string(got) != want {
			t.Errorf("%s is not the seed of %s (go test -run TestFuzzCorpusHasEveryExample -update-corpus): %v", path, f, err)
		}
	}
}

func corpusEntry(data []byte) string {
	return fmt.Sprintf("go test fuzz v1\n[]byte(%s)\n", strconv.Quote(string(data)))
}

package main

import (
	"encoding/xml"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// junitCases names every testcase of a JUnit report as suite: case.
func junitCases(t *testing.T, path string) []string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Suites []struct {
			Name  string `xml:"name,attr"`
			Cases []struct {
				Name string `xml:"name,attr"`
			} `xml:"testcase"`
		} `xml:"testsuite"`
	}
	if err := xml.Unmarshal(data, &doc); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	var names []string
	for _, s := range doc.Suites {
		for _, c := range s.Cases {
			names = append(names, s.Name+": "+c.Name)
		}
	}
	return names
}

// Two machines given --shard 1/2 and --shard 2/2 over the same paths run disjoint
// halves, which together are the whole run, each reported as a JUnit file of its own.
func TestRunShards(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	paths := []string{"../../scenarios/seed.yaml", "../../scenarios/reject.yaml", "../../scenarios/unknown-device.yaml", "../../features/seed.feature", "../../features/ack-modes.feature"}
	var union []string
	for _, shard := range []string{"1/2", "2/2", ""} {
		junit := filepath.Join(dir, "junit"+strings.ReplaceAll(shard, "/", "of")+".xml")
		args := append([]string{"run", "--junit", junit}, paths...)
		if shard != "" {
			args = append(args, "--shard", shard)
		}
		code, stdout, stderr := runCLI(cliCase{args: args})
		if code != exitOK {
			t.Fatalf("--shard %s: exit %d\nstdout:\n%s\nstderr:\n%s", shard, code, stdout, stderr)
		}
		cases := junitCases(t, junit)
		if shard == "" {
			slices.Sort(union)
			slices.Sort(cases)
			if !slices.Equal(union, cases) {
				t.Errorf("the shards ran\n%s\nthe whole run\n%s", strings.Join(union, "\n"), strings.Join(cases, "\n"))
			}
			continue
		}
		if len(cases) == 0 {
			t.Errorf("--shard %s ran nothing", shard)
		}
		if want := "shard " + shard + ": "; !strings.Contains(stdout, want) {
			t.Errorf("--shard %s: the console does not say %q:\n%s", shard, want, stdout)
		}
		if want := `<property name="hubspec.shard" value="` + shard + `"`; !strings.Contains(readFile(t, junit), want) {
			t.Errorf("--shard %s: the JUnit report lacks %s", shard, want)
		}
		union = append(union, cases...)
	}
}

func TestRunShardRefusesABadShard(t *testing.T) {
	t.Parallel()
	code, _, stderr := runCLI(cliCase{args: []string{"run", "--shard", "3/2", "../../scenarios/seed.yaml"}})
	if code != exitInvalid || !strings.Contains(stderr, `shard "3/2": want 1 ≤ K ≤ N`) {
		t.Errorf("exit %d, stderr %q; want exit 2 naming the shard", code, stderr)
	}
}

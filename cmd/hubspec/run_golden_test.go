package main

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// runCases are the `hubspec run` invocations whose output is compared with
// testdata/golden/NAME.txt. HUBSPEC_RUN_ID fixes {run}; normalize blanks out what
// changes from run to run (times, latencies, the hub's tracking ids).
var runCases = []cliCase{
	{"run-report", []string{"run", "--tags", "not @slow", "--junit", "JUNIT", "--json", "JSON", "testdata/run/report"}, map[string]string{"HUBSPEC_RUN_ID": "r1"}},
	{"run-invalid", []string{"run", "testdata/validate/bad", "testdata/validate/ok"}, nil},
	{"run-no-spec", []string{"run", "testdata/validate/empty"}, nil},
	{"run-missing", []string{"run", "testdata/run/missing.yaml"}, nil},
	{"run-bad-parallel", []string{"run", "--parallel", "0", "testdata/run/report"}, nil},
	{"run-bad-timeout", []string{"run", "--timeout", "-1s", "testdata/run/report"}, nil},
	{"run-bad-tags", []string{"run", "--tags", "@a and", "testdata/run/report"}, nil},
	{"run-device-hub", []string{"run", "--hub", "HostName=h.example;DeviceId=d;SharedAccessKey=c2VjcmV0LWtleS1kby1ub3Qtc2hvdw==", "testdata/run/report"}, nil},
	{"run-missing-ca", []string{"run", "--ca-file", "testdata/run/missing.pem", "testdata/run/report"}, nil},
	{"help-run", []string{"help", "run"}, nil},
}

var normalizers = []struct {
	re   *regexp.Regexp
	with string
}{
	{regexp.MustCompile(`\d+\.\d{3}s\b`), "N.NNNs"},
	{regexp.MustCompile(`\d+\.\dms\b`), "N.Nms"},
	{regexp.MustCompile(`tracking id [^\]]*`), "tracking id T"},
	{regexp.MustCompile(`\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z?`), "TIME"},
	{regexp.MustCompile(`(time|hostname)="[^"]*"`), `$1="N"`},
	{regexp.MustCompile(`(latency\.[a-z_]+\.p\d+_ms" value=")[^"]*`), "${1}N"},
	{regexp.MustCompile(`"(durationSeconds|p50Ms|p95Ms|maxMs)": [0-9.e+-]+`), `"$1": 0`},
	{regexp.MustCompile(`"hostname": "[^"]*"`), `"hostname": "N"`},
}

func normalize(s string) string {
	for _, n := range normalizers {
		s = n.re.ReplaceAllString(s, n.with)
	}
	return s
}

// TestRunGolden runs each case and compares exit code, output and reports with the
// golden files (go test -update rewrites them).
func TestRunGolden(t *testing.T) {
	for _, c := range runCases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			files := map[string]string{"JUNIT": filepath.Join(dir, "junit.xml"), "JSON": filepath.Join(dir, "report.json")}
			paths := strings.NewReplacer("JUNIT", files["JUNIT"], "JSON", files["JSON"])
			args := make([]string, len(c.args))
			for i, a := range c.args {
				args[i] = paths.Replace(a)
			}
			code, stdout, stderr := runCLI(cliCase{args: args, env: c.env})
			shown := strings.ReplaceAll(strings.Join(c.args, " "), "c2VjcmV0LWtleS1kby1ub3Qtc2hvdw==", "$KEY")
			golden(t, c.name+".txt", normalize(fmt.Sprintf("# hubspec %s\nexit %d\n-- stdout --\n%s-- stderr --\n%s", shown, code, stdout, stderr)))
			if data, err := os.ReadFile(files["JUNIT"]); err == nil {
				checkJUnitRules(t, string(data))
			}
			for _, ext := range []string{"JUNIT", "JSON"} {
				if data, err := os.ReadFile(files[ext]); err == nil {
					golden(t, c.name+"."+strings.ToLower(ext)+".golden", normalize(string(data)))
				}
			}
		})
	}
}

// golden compares got with testdata/golden/name, or rewrites it under -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if got != string(want) {
		t.Errorf("output differs from %s:\n%s", path, got)
	}
}

// TestRunOutputHasNoSecret: no run output shows a key given on the command line.
func TestRunOutputHasNoSecret(t *testing.T) {
	dir := t.TempDir()
	paths := strings.NewReplacer("JUNIT", filepath.Join(dir, "junit.xml"), "JSON", filepath.Join(dir, "report.json"))
	for _, c := range runCases {
		args := make([]string, len(c.args))
		for i, a := range c.args {
			args[i] = paths.Replace(a)
		}
		_, stdout, stderr := runCLI(cliCase{args: args, env: c.env})
		for _, leak := range []string{"c2VjcmV0", "SharedAccessKey"} {
			if strings.Contains(stdout+stderr, leak) {
				t.Errorf("%s: output shows %q", c.name, leak)
			}
		}
	}
}

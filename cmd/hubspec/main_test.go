package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// secret is a connection string as a user would pass it; no output may show its key.
const secret = "HostName=hub.azure-devices.net;SharedAccessKeyName=iothubowner;SharedAccessKey=c2VjcmV0LWtleS1kby1ub3Qtc2hvdw=="

type cliCase struct {
	name string
	args []string
	env  map[string]string
}

var cliCases = []cliCase{
	{"validate-ok", []string{"validate", "testdata/validate/ok"}, nil},
	{"validate-tags", []string{"validate", "testdata/validate/ok", "--tags", "@smoke and not @slow"}, nil},
	{"validate-bad", []string{"validate", "testdata/validate/bad", "testdata/validate/ok/seed.yaml"}, nil},
	{"validate-realhub-flag", []string{"validate", "--hub", secret, "testdata/validate/realhub.yaml"}, nil},
	{"validate-realhub-env", []string{"validate", "testdata/validate/realhub.yaml"}, map[string]string{"IOTHUB_CONNECTION_STRING": secret}},
	{"validate-embedded", []string{"validate", "testdata/validate/realhub.yaml"}, nil},
	{"validate-var", []string{"validate", "--var", "N=3", "testdata/validate/vars.yaml"}, map[string]string{"N": "x"}},
	{"validate-var-from-env", []string{"validate", "testdata/validate/vars.yaml"}, map[string]string{"N": "x"}},
	{"validate-var-undefined", []string{"validate", "testdata/validate/vars.yaml"}, nil},
	{"validate-no-path", []string{"validate"}, nil},
	{"validate-bad-flag", []string{"validate", "--nope", "x"}, nil},
	{"validate-bad-var-name", []string{"validate", "--var", "9bad=c2VjcmV0", "testdata/validate/ok"}, nil},
	{"validate-bad-var", []string{"validate", "--var", "c2VjcmV0LWtleQ", "testdata/validate/ok"}, nil},
	{"validate-bad-tags", []string{"validate", "--tags", "@a and", "testdata/validate/ok"}, nil},
	{"validate-missing", []string{"validate", "testdata/validate/missing.yaml"}, nil},
	{"validate-not-spec", []string{"validate", "main_test.go"}, nil},
	{"validate-empty-folder", []string{"validate", "testdata/validate/empty"}, nil},
	{"help", []string{"help"}, nil},
	{"help-validate", []string{"help", "validate"}, nil},
	{"help-unknown", []string{"help", "nope"}, nil},
	{"no-command", nil, nil},
	{"unknown-command", []string{"valdiate"}, nil},
}

func runCLI(c cliCase) (code int, stdout, stderr string) {
	var out, errOut bytes.Buffer
	e := &env{stdout: &out, stderr: &errOut, lookupEnv: func(k string) (string, bool) {
		v, ok := c.env[k]
		return v, ok
	}}
	code = Main(context.Background(), c.args, e)
	return code, out.String(), errOut.String()
}

// TestGolden runs each case in-process and compares the exit code and both streams
// with testdata/golden/NAME.txt (go test -update rewrites them).
func TestGolden(t *testing.T) {
	for _, c := range cliCases {
		t.Run(c.name, func(t *testing.T) {
			code, stdout, stderr := runCLI(c)
			args := strings.ReplaceAll(strings.Join(c.args, " "), secret, "$CONNECTION_STRING")
			got := fmt.Sprintf("# hubspec %s\nexit %d\n-- stdout --\n%s-- stderr --\n%s", args, code, stdout, stderr)
			path := filepath.Join("testdata", "golden", c.name+".txt")
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
		})
	}
}

// TestNoSecretInOutput scans every case's output for the connection string's parts.
func TestNoSecretInOutput(t *testing.T) {
	for _, c := range cliCases {
		_, stdout, stderr := runCLI(c)
		for _, leak := range []string{"c2VjcmV0", "SharedAccessKey", "iothubowner"} {
			if strings.Contains(stdout+stderr, leak) {
				t.Errorf("%s: output shows %q", c.name, leak)
			}
		}
	}
}

func TestVersion(t *testing.T) {
	code, stdout, _ := runCLI(cliCase{args: []string{"version"}})
	if code != exitOK || !strings.HasPrefix(stdout, "hubspec ") || !strings.Contains(stdout, " go1.") {
		t.Errorf("version: exit %d, %q", code, stdout)
	}
	if code, _, _ := runCLI(cliCase{args: []string{"version", "x"}}); code != exitInvalid {
		t.Errorf("version with an argument: exit %d, want %d", code, exitInvalid)
	}
}

func TestCommandTableIsSorted(t *testing.T) {
	cmds := commandTable()
	for i := 1; i < len(cmds); i++ {
		if cmds[i-1].name >= cmds[i].name {
			t.Errorf("commandTable: %q comes before %q", cmds[i-1].name, cmds[i].name)
		}
	}
}

func TestParseArgs(t *testing.T) {
	fs := newFlags("t")
	tags := fs.String("tags", "", "")
	args, err := parseArgs(fs, []string{"a", "--tags", "@x", "b", "--", "--tags", "c"})
	if err != nil || *tags != "@x" || strings.Join(args, " ") != "a b --tags c" {
		t.Errorf("parseArgs = %q, %v, tags %q", args, err, *tags)
	}
}

package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hubspec/hubspec/steps"
)

// TestSteps: `hubspec steps` prints the catalogue as package steps writes it (whose
// golden files, steps/testdata/catalogue/, pin the text), or refuses bad usage.
func TestSteps(t *testing.T) {
	tests := []struct {
		args       []string
		wantCode   int
		wantStderr string
	}{
		{[]string{"steps"}, exitOK, ""},
		{[]string{"steps", "feedback", "WITHIN"}, exitOK, ""},
		{[]string{"steps", "zeppelin"}, exitOK, ""},
		{[]string{"steps", "--markdown", "feedback"}, exitInvalid, "hubspec steps: --markdown prints the whole catalogue; leave out the words\nusage: hubspec steps [--markdown] [WORD...]\n"},
		{[]string{"steps", "--json"}, exitInvalid, "hubspec steps: flag provided but not defined: -json\n"},
	}
	for _, tt := range tests {
		code, stdout, stderr := runCLI(cliCase{args: tt.args})
		if code != tt.wantCode || !strings.HasPrefix(stderr, tt.wantStderr) || (tt.wantStderr == "") != (stderr == "") {
			t.Errorf("hubspec %s: exit %d, stderr %q; want exit %d, stderr starting %q", strings.Join(tt.args, " "), code, stderr, tt.wantCode, tt.wantStderr)
			continue
		}
		var want bytes.Buffer
		if code == exitOK {
			if err := steps.WriteText(&want, tt.args[1:]...); err != nil {
				t.Fatal(err)
			}
		}
		if stdout != want.String() {
			t.Errorf("hubspec %s printed:\n%s\nwant the catalogue as steps.WriteText writes it:\n%s", strings.Join(tt.args, " "), stdout, want.String())
		}
	}
}

// TestStepsMarkdownIsTheDoc: `hubspec steps --markdown` prints docs/steps.md.
func TestStepsMarkdownIsTheDoc(t *testing.T) {
	code, stdout, stderr := runCLI(cliCase{args: []string{"steps", "--markdown"}})
	want, err := os.ReadFile(filepath.Join("..", "..", "docs", "steps.md"))
	if err != nil {
		t.Fatal(err)
	}
	if code != exitOK || stderr != "" || stdout != string(want) {
		t.Errorf("hubspec steps --markdown: exit %d, stderr %q; output equals docs/steps.md: %v", code, stderr, stdout == string(want))
	}
}

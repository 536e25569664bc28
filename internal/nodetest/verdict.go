package nodetest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"testing"
)

// Verdict is the JSON line a script prints last. The SDK scripts report
// named checks; the rhea scripts report fields of their own, which Fields
// holds.
type Verdict struct {
	OK     bool    `json:"ok"`
	Error  string  `json:"error"`  // why the script stopped early, if it did
	Checks []Check `json:"checks"` // the named checks, in the order they ran

	Fields map[string]any `json:"-"` // every field of the line
	Line   string         `json:"-"` // the line itself
	Script string         `json:"-"` // the script, as given to Run
	Exit   error          `json:"-"` // the script's exit error; nil for status 0
	Stderr string         `json:"-"` // what the script wrote to stderr
}

// Check is one named expectation of a script.
type Check struct {
	Name   string `json:"name"`
	OK     bool   `json:"ok"`
	Detail string `json:"detail"` // what was seen, when it failed
}

// ParseVerdict reads the verdict from a script's stdout: its last non-empty
// line, a JSON object.
func ParseVerdict(stdout []byte) (Verdict, error) {
	trimmed := bytes.TrimSpace(stdout)
	if len(trimmed) == 0 {
		return Verdict{}, errors.New("no output")
	}
	line := trimmed[bytes.LastIndexByte(trimmed, '\n')+1:]
	var v Verdict
	if err := json.Unmarshal(line, &v); err != nil {
		return Verdict{}, fmt.Errorf("last line is not a JSON verdict: %w", err)
	}
	if err := json.Unmarshal(line, &v.Fields); err != nil {
		return Verdict{}, fmt.Errorf("last line is not a JSON object: %w", err)
	}
	v.Line = string(line)
	return v, nil
}

// Problems lists what is wrong with the verdict: each failed check, each
// check in want that did not run, a script that stopped early or did not
// say ok, and one that said ok but exited with an error. None for a pass.
func (v Verdict) Problems(want ...string) []string {
	var out []string
	ran := map[string]bool{}
	for _, c := range v.Checks {
		ran[c.Name] = true
		if !c.OK {
			out = append(out, fmt.Sprintf("check %q failed: %s", c.Name, c.Detail))
		}
	}
	for _, name := range want {
		if !ran[name] {
			out = append(out, fmt.Sprintf("check %q did not run", name))
		}
	}
	switch {
	case v.Error != "":
		out = append(out, "the script stopped: "+v.Error)
	case !v.OK && len(out) == 0:
		out = append(out, "the script did not say ok: "+v.Line)
	case v.OK && v.Exit != nil:
		out = append(out, fmt.Sprintf("the script said ok but exited: %v", v.Exit))
	}
	return out
}

// Check fails t, naming every problem and showing the script's stderr,
// unless the verdict passed with every check in want run.
func (v Verdict) Check(t testing.TB, want ...string) {
	t.Helper()
	problems := v.Problems(want...)
	for _, p := range problems {
		t.Errorf("node %s: %s", v.Script, p)
	}
	if len(problems) > 0 {
		t.Fatalf("node %s failed; stderr:\n%s", v.Script, v.Stderr)
	}
}

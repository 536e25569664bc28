package runner

import (
	"strings"
	"testing"
)

func TestVariablesPrecedence(t *testing.T) {
	env := map[string]string{"A": "env-a", "B": "env-b"}
	v := Variables{
		Overrides: map[string]string{"A": "flag-a"},
		Env:       func(k string) (string, bool) { s, ok := env[k]; return s, ok },
		Defaults:  map[string]string{"A": "def-a", "B": "def-b", "C": "def-c"},
		Seen:      map[string]string{},
	}
	got, err := v.Expand("${A} ${B} ${C}")
	if err != nil {
		t.Fatal(err)
	}
	if want := "flag-a env-b def-c"; got != want {
		t.Errorf("Expand = %q, want %q (--var, then environment, then vars)", got, want)
	}
	if v.Seen["A"] != "flag-a" || v.Seen["C"] != "def-c" || len(v.Seen) != 3 {
		t.Errorf("Seen = %v, want the three resolved values", v.Seen)
	}
}

func TestVariablesExpand(t *testing.T) {
	v := Variables{Defaults: map[string]string{"N": "5", "name_2": "x"}}
	tests := []struct{ in, want string }{
		{"no refs", "no refs"},
		{"${N}", "5"},
		{"a${N}b${name_2}c", "a5bxc"},
		{"$${N}", "${N}"},
		{"cost $5", "cost $5"},
		{"$$", "$$"},
	}
	for _, tt := range tests {
		got, err := v.Expand(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("Expand(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
}

func TestVariablesRefuse(t *testing.T) {
	v := Variables{Defaults: map[string]string{"SECRET": "hunter2"}}
	tests := []struct{ in, want string }{
		{"${MISSING}", "undefined variable ${MISSING}"},
		{"${N", "unclosed ${"},
		{"${1X}", "a variable name is letters"},
		{"${}", "a variable name is letters"},
		{"${SECRET}${MISSING}", "undefined variable ${MISSING}"},
	}
	for _, tt := range tests {
		_, err := v.Expand(tt.in)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Expand(%q) error = %v, want one containing %q", tt.in, err, tt.want)
		}
		if err != nil && strings.Contains(err.Error(), "hunter2") {
			t.Errorf("Expand(%q) error %q shows a variable's value", tt.in, err)
		}
	}
}

func TestParseVarFlag(t *testing.T) {
	name, value, err := ParseVarFlag("maxDeliveryCount=5=x")
	if err != nil || name != "maxDeliveryCount" || value != "5=x" {
		t.Errorf("ParseVarFlag = %q, %q, %v", name, value, err)
	}
	if _, _, err := ParseVarFlag("SharedAccessKey-no-equals"); err == nil || strings.Contains(err.Error(), "SharedAccessKey") {
		t.Errorf("ParseVarFlag without = : error %v, want one that does not echo the argument", err)
	}
	if _, _, err := ParseVarFlag("9x=1"); err == nil {
		t.Error("ParseVarFlag accepted a name starting with a digit")
	}
}

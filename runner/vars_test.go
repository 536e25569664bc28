package runner

import (
	"fmt"
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

// TestVariablesParseTemplate: a template's problems quote it as written and name the
// variable at fault, never a value.
func TestVariablesParseTemplate(t *testing.T) {
	v := Variables{Defaults: map[string]string{"B": "{s3cret}", "P": "x", "OK": "plain"}}
	for _, tt := range []struct{ written, want string }{
		{"m-${OK}-{device}", ""},
		{"m-{device}-$${{B}}", ""},
		{"m-${B}", `template "m-${B}": the value of ${B} holds a brace, which a template reads as a placeholder (write {{ or }} in the value for a literal brace)`},
		{"m-${B}-${P}-${B}", `template "m-${B}-${P}-${B}": the value of ${B} holds a brace`},
		{"m-${OK}-{x}", `template "m-${OK}-{x}": unknown placeholder {x} (here you can use {device})`},
		{"m-{${OK}}", `template "m-{${OK}}": unknown placeholder {} (here you can use {device})`},
		{"m-{device${P}}", `template "m-{device${P}}": not valid once ${P} is expanded: a variable inside { } becomes part of a placeholder's name`},
		{"m-{x}", `template "m-{x}": unknown placeholder {x}`},
		{"m-${NOPE}", "undefined variable ${NOPE}"},
	} {
		tpl, err := v.ParseTemplate(tt.written, []string{PlaceDevice})
		switch {
		case tt.want == "" && err != nil:
			t.Errorf("%s: %v", tt.written, err)
		case tt.want == "" && tpl.Expand(TemplateVars{Device: "d"}) == "":
			t.Errorf("%s: an empty template", tt.written)
		case tt.want != "" && (err == nil || !strings.HasPrefix(err.Error(), tt.want)):
			t.Errorf("%s: error %v, want it to start with %s", tt.written, err, tt.want)
		case err != nil && strings.Contains(err.Error(), "s3cret"):
			t.Errorf("%s: the error shows a value: %v", tt.written, err)
		}
	}
}

func TestVarRefs(t *testing.T) {
	got := VarRefs("${A}-$${B}-${C}-${A}-${9x}-${D")
	if strings.Join(got, ",") != "A,C" {
		t.Errorf("VarRefs = %v, want [A C]", got)
	}
}

// FuzzVariablesParseTemplate: whatever is written and whatever a variable holds,
// ParseTemplate neither panics nor shows the variable's value in an error (unless the
// text as written shows it too), and a template it returns expands.
func FuzzVariablesParseTemplate(f *testing.F) {
	for _, s := range [][2]string{
		{"m-${V}-{device}", "s3cr3t{x}"}, {"{n${V}}", "abc"}, {"${V}", "}{"}, {"$${V}-{i}", "x"},
		{"${V}${V}{run}", "{{"}, {"${V", "x"}, {"${9}", "x"}, {"{${V}}", ""},
	} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, written, value string) {
		v := Variables{Defaults: map[string]string{"V": value}}
		tpl, err := v.ParseTemplate(written, MessagePlaces)
		if err == nil {
			tpl.Expand(TemplateVars{Device: "d", Group: "g", N: 1, I: 2, Run: "r"})
			return
		}
		// What the error may show: the text as written (quoted, as errors quote it),
		// without its values, and the placeholders.
		shown := fmt.Sprintf("%q %q %s %s", written, blanked(written), blanked(written), placeList(MessagePlaces))
		if len(value) >= 4 && !strings.Contains(shown, value) && strings.Contains(err.Error(), value) {
			t.Errorf("ParseTemplate(%q) with V=%q: the error shows the value: %v", written, value, err)
		}
	})
}

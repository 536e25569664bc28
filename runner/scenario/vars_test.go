package scenario

import (
	"strings"
	"testing"

	"github.com/hubspec/hubspec/runner"
)

const varsScenario = `scenario: vars for ${WHO}
vars:
  N: 2
  WHO: defaults
hub:
  cloudToDevice:
    maxDeliveryCount: ${MDC}
fleet:
  - id: "d-{n}"
    count: ${N}
steps:
  - send: {group: "d-{n}", messageId: "m-{device}-$${{literal}}"}
`

func TestVariablesFromEverywhere(t *testing.T) {
	env := map[string]string{"WHO": "env", "MDC": "7", "N": "4"}
	opts := Options{
		Vars: map[string]string{"N": "3"},
		Env:  func(k string) (string, bool) { v, ok := env[k]; return v, ok },
	}
	scs, err := Parse("t.yaml", []byte(varsScenario), opts)
	if err != nil {
		t.Fatal(err)
	}
	sc := scs[0]
	if sc.Name != "vars for env" || sc.Fleet[0].Count != 3 || sc.Hub.CloudToDevice.MaxDeliveryCount != 7 {
		t.Errorf("name %q, count %d, maxDeliveryCount %d; want env's WHO, --var's N, env's MDC", sc.Name, sc.Fleet[0].Count, sc.Hub.CloudToDevice.MaxDeliveryCount)
	}
	if got := sc.Steps[0].(*runner.Send).MessageID.Expand(runner.TemplateVars{Device: "d-1"}); got != "m-d-1-${literal}" {
		t.Errorf("messageId = %q, want $${{…}} kept as a literal ${…}", got)
	}
	want := map[string]string{"N": "3", "WHO": "env", "MDC": "7"}
	if len(sc.Vars) != len(want) || sc.Vars["N"] != "3" || sc.Vars["WHO"] != "env" || sc.Vars["MDC"] != "7" {
		t.Errorf("Vars = %v, want %v", sc.Vars, want)
	}
}

func TestUndefinedVariable(t *testing.T) {
	got := parseProblems(t, varsScenario, Options{})
	want := "t.yaml:7:23: maxDeliveryCount: undefined variable ${MDC} (set it with --var MDC=…, in the environment, or in the scenario's vars)"
	if got != want {
		t.Errorf("problems:\n%s\nwant:\n%s", got, want)
	}
}

// TestVariableValuesStayOutOfProblems: a problem quotes what the user wrote, so a
// secret held in a variable never appears in one.
func TestVariableValuesStayOutOfProblems(t *testing.T) {
	src := "scenario: s\nfleet:\n  - {id: d, count: \"${KEY}\"}\nsteps: []\n"
	secret := "SharedAccessKey=c2VjcmV0"
	got := parseProblems(t, src, Options{Vars: map[string]string{"KEY": secret}})
	if !strings.Contains(got, `count: want a whole number from 1 to 100000, got "${KEY}"`) || strings.Contains(got, "c2VjcmV0") {
		t.Errorf("problems %q: want the reference ${KEY}, never its value", got)
	}
}

func TestVarsBlockProblems(t *testing.T) {
	src := "scenario: s\nvars:\n  9x: 1\n  ok: [1]\nsteps: []\n"
	want := "t.yaml:3:3: vars: a variable name is letters, digits and _, not starting with a digit\nt.yaml:4:7: vars: ok: want a value, got a list"
	if got := parseProblems(t, src, Options{}); got != want {
		t.Errorf("problems:\n%s\nwant:\n%s", got, want)
	}
}

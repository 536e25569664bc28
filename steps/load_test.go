package steps

import (
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/hubspec/hubspec/runner"
)

// TestFeaturesAreValid: the project's own features, its end-to-end suite, load
// without a problem.
func TestFeaturesAreValid(t *testing.T) {
	files, err := filepath.Glob("../features/*.feature")
	if err != nil || len(files) < 5 {
		t.Fatalf("features: %v, %v", files, err)
	}
	for _, f := range files {
		if _, err := Load(f, Options{}); err != nil {
			t.Errorf("%s:\n%v", f, err)
		}
	}
}

const structure = `@feature
Feature: Structure
  Background:
    Given a device "d-1"

  Scenario: Plain
    A description.
    When the back end sends a message to device "d-1"

  Rule: Rules have backgrounds too
    Background:
      Given a device "d-2"

    @scenario
    Scenario Outline: Sent with ack <ack>
      When the back end sends message "m" to device "d-<n>" with ack <ack>

      @examples
      Examples:
        | ack  | n |
        | none | 1 |
        | full | 2 |

    Scenario Outline: Same title
      When the back end sends a message to device "d-<n>"

      Examples:
        | n |
        | 1 |
        | 1 |
`

// TestStructure: a scenario per Scenario and per outline row, with the Background's
// steps (the rule's after the feature's), inherited tags, stable names and positions.
func TestStructure(t *testing.T) {
	scs, err := Parse("s.feature", []byte(structure), Options{})
	if err != nil {
		t.Fatal(err)
	}
	type want struct {
		name  string
		line  int
		tags  []string
		fleet []string
		to    string
	}
	wants := []want{
		{"Plain", 6, []string{"feature"}, []string{"d-1"}, "d-1"},
		{"Sent with ack none", 21, []string{"feature", "scenario", "examples"}, []string{"d-1", "d-2"}, "d-1"},
		{"Sent with ack full", 22, []string{"feature", "scenario", "examples"}, []string{"d-1", "d-2"}, "d-2"},
		{"Same title (n=1)", 29, []string{"feature"}, []string{"d-1", "d-2"}, "d-1"},
		{"Same title (n=1) (line 30)", 30, []string{"feature"}, []string{"d-1", "d-2"}, "d-1"},
	}
	if len(scs) != len(wants) {
		t.Fatalf("got %d scenarios, want %d", len(scs), len(wants))
	}
	for i, w := range wants {
		sc := scs[i]
		var fleet []string
		for _, g := range sc.Fleet {
			fleet = append(fleet, g.Name)
		}
		send, _ := sc.Steps[len(sc.Steps)-1].(*runner.Send)
		if sc.Name != w.name || sc.At.Line != w.line || !slices.Equal(sc.Tags, w.tags) || !slices.Equal(fleet, w.fleet) || send == nil || send.To.Device != w.to {
			t.Errorf("scenario %d: %q at line %d, tags %v, fleet %v, last step %#v\nwant %+v", i, sc.Name, sc.At.Line, sc.Tags, fleet, sc.Steps[len(sc.Steps)-1], w)
		}
	}
	if scs[0].Description != "A description." {
		t.Errorf("description %q", scs[0].Description)
	}
	if got := scs[2].Steps[0].(*runner.Send); got.Ack != runner.AckFull || got.At.Line != 16 {
		t.Errorf("the outline's send: ack %s at line %d, want full at line 16 (the step's line)", got.Ack, got.At.Line)
	}
}

// TestProblems: what is wrong is reported at the line it was written on, all of it in
// one pass, in the user's terms.
func TestProblems(t *testing.T) {
	tests := []struct {
		name    string
		feature string
		want    []string
	}{
		{"undefined step, with the closest suggested",
			"    Given a device \"d-1\"\n    Then device \"d-1\" recieves 1 message\n",
			[]string{`f.feature:4: undefined step "device "d-1" recieves 1 message"; the closest known step is "{devices} receive[s] {count} message[s][ in {order}][ within {duration}]"`}},
		{"undefined step, a word missing and one misspelt",
			"    Given a device \"d-1\"\n    When the back end sends a mesage to \"d-1\"\n",
			[]string{`f.feature:4: undefined step "the back end sends a mesage to "d-1""; the closest known step is "(the back end|the service) sends {message} to {devices}[ with ack {ack}][ and the hub refuses (it|them) with {outcome}]"`}},
		{"undefined step, nothing close",
			"    Given the moon is full\n",
			[]string{"f.feature:3: undefined step \"the moon is full\"; `hubspec steps` lists every step"}},
		{"every step is read after an undefined one",
			"    Given a devise \"d-1\"\n    When the back end sends a message to device \"d-1\"\n    And a device \"d-2\"\n    Then device \"d-1\" receives 1 message with\n",
			[]string{`f.feature:3: undefined step "a devise "d-1""`,
				`f.feature:5: "a device "d-2"" sets the stage: put it before the scenario's first action or expectation (line 4), or in the Background`,
				"f.feature:6: this step needs a data table below it"}},
		{"a table where none is taken",
			"    Given a device \"d-1\"\n      | x | y |\n",
			[]string{"f.feature:3: this step takes no data table"}},
		{"a doc string where a table is needed",
			"    Given a device \"d-1\"\n    When the back end sends a message to device \"d-1\" with:\n      \"\"\"\n      x\n      \"\"\"\n",
			[]string{"f.feature:4: this step needs a data table below it"}},
		{"bad values point at the table row",
			"    Given a device \"d-1\"\n    When the back end sends a message to device \"d-1\" with:\n      | ack | ful  |\n      | ttl | soon |\n      | colour | red |\n",
			[]string{`f.feature:5: ack: unknown value "ful" (did you mean "full"?)`,
				`f.feature:6: want a duration from 1ms to 24h such as 5s, 250ms or 1m30s, got "soon"`,
				`f.feature:7: unknown message field "colour"`}},
		{"runner.Check at the step: reject over MQTT",
			"    Given an MQTT device \"m-1\" that rejects every message\n",
			[]string{`f.feature:3: group "m-1" uses MQTT, which cannot reject`}},
		{"runner.Check at the step: feedback the ack mode never yields",
			"    Given a device \"d-1\"\n    When the back end sends message \"m\" to device \"d-1\"\n    Then the service gets Success feedback for message \"m\"\n",
			[]string{"f.feature:5: feedback Success is expected, but the send at line 4 uses ack none"}},
		{"hub settings out of range point at their step",
			"    Given the hub's C2D maxDeliveryCount is 500\n    And the hub's feedback.lockDurationAsIso8601 is PT1S\n",
			[]string{"f.feature:3: cloudToDevice.maxDeliveryCount", "f.feature:4: cloudToDevice.feedback.lockDurationAsIso8601: PT1S is out of range"}},
		{"unknown hub setting",
			"    Given the hub's C2D maxDeliveryCnt is 5\n",
			[]string{`f.feature:3: unknown hub setting "maxDeliveryCnt" (did you mean "maxDeliveryCount"?)`}},
		{"undefined variable, and a variable's value never quoted",
			"    Given the variable \"secret\" defaults to \"c2VjcmV0\"\n    And a group \"g\" of ${count} devices \"d-{n}\"\n    And a group \"h\" of ${secret} devices \"h-{n}\"\n",
			[]string{"f.feature:4: undefined variable ${count}", `f.feature:5: want a whole number from 1 to 100000, got "${secret}"`}},
		{"a behaviour for one device of a group",
			"    Given 3 devices \"d-{n}\"\n    And device \"d-2\" rejects every message\n",
			[]string{`f.feature:4: device d-2 is one of the 3 devices of group "d-{n}", and a behaviour belongs to a whole group: write group "d-{n}"`}},
		{"two behaviours for a group",
			"    Given a device \"d-1\" that rejects every message\n    And device \"d-1\" completes every message\n",
			[]string{`f.feature:4: group "d-1" already has a behaviour for every message (line 3)`}},
		{"a named message that was not sent",
			"    Given a device \"d-1\"\n    Then device \"d-1\" receives message \"nope\"\n",
			[]string{`f.feature:4: there is no send "nope" before this step`}},
		{"no feedback needs a window",
			"    Given a device \"d-1\"\n    When the back end sends message \"m\" to device \"d-1\"\n    Then the service gets no feedback for message \"m\"\n",
			[]string{`f.feature:5: no feedback holds over a window: add "within 3s"`}},
		{"a table describes one message",
			"    Given a device \"d-1\"\n    When the back end sends 2 messages to device \"d-1\"\n    Then device \"d-1\" receives 2 messages with:\n      | messageId | x |\n",
			[]string{"f.feature:5: a table of fields describes one message"}},
		{"unknown fleet column and match field",
			"    Given the fleet:\n      | id  | colour |\n      | d-1 | red    |\n    And device \"d-1\" rejects every message with:\n      | property | x |\n",
			[]string{`f.feature:4: unknown column "colour"`, "f.feature:7: write the property's name after property"}},
		{"Gherkin syntax, at its line and column",
			"    Given a device \"d-1\"\n      | a | b |\n      | c |\n",
			[]string{"f.feature:5:7: Gherkin: inconsistent cell count within the table"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("f.feature", []byte("Feature: f\n  Scenario: s\n"+tt.feature), Options{})
			var ps runner.Problems
			if !errors.As(err, &ps) {
				t.Fatalf("Parse error %v, want problems", err)
			}
			if len(ps) != len(tt.want) {
				t.Errorf("got %d problems, want %d:\n%v", len(ps), len(tt.want), ps)
			}
			for i, w := range tt.want {
				if i < len(ps) && !strings.HasPrefix(ps[i].Error(), w) {
					t.Errorf("problem %d:\n%s\nwant it to start with\n%s", i, ps[i].Error(), w)
				}
			}
		})
	}
}

// TestBackgroundProblemReportedOnce: a Background step is part of every scenario but
// its problem is reported once.
func TestBackgroundProblemReportedOnce(t *testing.T) {
	feature := "Feature: f\n  Background:\n    Given a devise \"d\"\n  Scenario: a\n    Given a device \"x\"\n  Scenario: b\n    Given a device \"y\"\n"
	_, err := Parse("f.feature", []byte(feature), Options{})
	var ps runner.Problems
	if !errors.As(err, &ps) || len(ps) != 1 || ps[0].Pos.Line != 3 {
		t.Errorf("got %v, want one problem at line 3", err)
	}
}

// TestAmbiguousStep: a step two definitions match is reported with both phrasings. The
// catalogue has none (TestEveryWordingMatchesOnlyItsStep), so this test adds one.
func TestAmbiguousStep(t *testing.T) {
	extra := compileCatalogue([]Definition{{Section: "x", Phrase: "{devices} connects", Kind: Action, Description: "d", Example: "x", build: buildConnect}})
	defs := append(slices.Clone(catalogue), extra...)
	data := []byte("Feature: f\n  Scenario: s\n    Given a device \"d\"\n    When device \"d\" connects\n")
	f, ps := parseFeature("f.feature", data)
	if len(ps) > 0 {
		t.Fatal(ps)
	}
	l := newLoader("f.feature", f, Options{}, defs)
	if err := l.matchSafely(data); err != nil {
		t.Fatal(err)
	}
	_, err := l.scenarios()
	want := `f.feature:4: ambiguous step "device "d" connects": it reads as "{devices} (connects|connect|comes online|come online)" and as "{devices} connects"`
	if err == nil || err.Error() != want {
		t.Errorf("got %v\nwant %s", err, want)
	}
}

func TestVariables(t *testing.T) {
	feature := []byte("Feature: f\n  Scenario: s\n    Given the variable \"N\" defaults to \"2\"\n    And a group \"g\" of ${N} devices \"d-{n}\"\n")
	for _, tt := range []struct {
		opts Options
		want int
	}{
		{Options{}, 2},
		{Options{Env: func(string) (string, bool) { return "3", true }}, 3},
		{Options{Vars: map[string]string{"N": "4"}, Env: func(string) (string, bool) { return "3", true }}, 4},
	} {
		scs, err := Parse("f.feature", feature, tt.opts)
		if err != nil {
			t.Fatal(err)
		}
		if got := scs[0].Fleet[0].Count; got != tt.want || scs[0].Vars["N"] != fmt.Sprint(tt.want) {
			t.Errorf("count %d, vars %v; want %d", got, scs[0].Vars, tt.want)
		}
	}
}

// TestLimits: input too large for memory is refused before it is compiled.
func TestLimits(t *testing.T) {
	big := make([]byte, MaxFileSize+1)
	if _, err := Parse("f.feature", big, Options{}); err == nil || !strings.Contains(err.Error(), "over 4194304 bytes") {
		t.Errorf("a file over the limit: %v", err)
	}
	var b strings.Builder
	b.WriteString("Feature: f\n  Scenario Outline: s\n")
	for range 20 {
		b.WriteString("    Given a device \"d-<n>\"\n")
	}
	b.WriteString("    Examples:\n      | n |\n")
	for i := range 1100 {
		fmt.Fprintf(&b, "      | %d |\n", i)
	}
	if _, err := Parse("f.feature", []byte(b.String()), Options{}); err == nil || !strings.Contains(err.Error(), "add up to 22000 steps; hubspec reads at most 20000") {
		t.Errorf("an outline of too many rows: %v", err)
	}
	for name, data := range map[string]string{"empty": "", "no scenario": "Feature: f\n"} {
		if _, err := Parse("f.feature", []byte(data), Options{}); err == nil || err.Error() != "f.feature: no scenario in the file" {
			t.Errorf("%s: %v", name, err)
		}
	}
}

// TestParallelLoads: files are read concurrently (hubspec run, go test -parallel)
// without a race: each load runs its own godog suite.
func TestParallelLoads(t *testing.T) {
	files, _ := filepath.Glob("../features/*.feature")
	var wg sync.WaitGroup
	errs := make(chan error, 4*len(files))
	for range 4 {
		for _, f := range files {
			wg.Go(func() {
				if _, err := Load(f, Options{}); err != nil {
					errs <- err
				}
			})
		}
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

// TestNoSecretInProblems: a variable's value appears in no problem, whatever is wrong
// with the step that uses it.
func TestNoSecretInProblems(t *testing.T) {
	const secret = "SharedAccessKey=c2VjcmV0LWtleS1kby1ub3Qtc2hvdw=="
	feature := `Feature: f
  Scenario: s
    Given a group "g" of ${S} devices "d-{n}"
    And the hub's C2D maxDeliveryCount is ${S}
    And the embedded hub's lockDuration is ${S}
    And group "g" ${S} every message
    When the back end sends ${S} messages to group "g" with ack ${S}
    And the back end sends message "m" to group "g" with:
      | ttl               | ${S} |
      | expiry            | ${S} |
      | ack               | ${S} |
      | outcome           | ${S} |
      | body json         | ${S} |
      | body base64       | ${S} |
      | body file         | ${S} |
      | messageId         | {${S} |
      | property p        | {${S} |
    Then device "${S}" receives ${S} messages within ${S}
    And the service gets ${S} feedback for message "m" within ${S}
    And the queue of group "g" holds ${S} messages
    And group "g" has settled:
      | complete | ${S} |
    And the fleet:
      | id   | count | online | settle | delay |
      | ${S} | ${S}  | ${S}   | ${S}   | ${S}  |
`
	_, err := Parse("f.feature", []byte(feature), Options{Vars: map[string]string{"S": secret}})
	if err == nil {
		t.Fatal("no problem found")
	}
	if strings.Contains(err.Error(), "c2VjcmV0") || strings.Contains(err.Error(), "SharedAccessKey") {
		t.Errorf("a problem shows the variable's value:\n%v", err)
	}
	if n := strings.Count(err.Error(), "${S}"); n < 10 {
		t.Errorf("only %d problems quote ${S}:\n%v", n, err)
	}
}

package steps

import (
	"fmt"
	"strings"

	"github.com/cucumber/godog"
	messages "github.com/cucumber/messages/go/v34"

	"github.com/hubspec/hubspec/runner"
)

// builder turns the steps of one pickle (a scenario, or one row of an outline) into a
// runner.Scenario as godog matches them.
type builder struct {
	defs     []*Definition // the steps godog matches against
	file     string
	opts     Options
	pickle   *messages.Pickle
	doc      *docIndex
	sc       *runner.Scenario
	vars     runner.Variables
	drafts   map[string]*draft // messages described before they are sent, by name
	started  *step             // the first action or expectation, once there is one
	current  *step             // the step being built
	problems runner.Problems
	// unmatched is set when a step is undefined or ambiguous: the scenario is then
	// incomplete, and runner.Check would only echo that.
	unmatched bool
	// settingAt records where each group's behaviour for every message was set, for
	// the problem with a second one.
	settingAt map[string]runner.Pos
}

// step is one Gherkin step as the builder sees it: its text, position and argument.
type step struct {
	text    string
	written string // the keyword and the text, as in the file (an outline's row filled in)
	at      runner.Pos
	table   *table
	doc     *docString
}

func newBuilder(file string, doc *docIndex, p *messages.Pickle, opts Options) *builder {
	b := &builder{
		file:      file,
		opts:      opts,
		pickle:    p,
		doc:       doc,
		sc:        &runner.Scenario{},
		drafts:    map[string]*draft{},
		settingAt: map[string]runner.Pos{},
	}
	b.vars = runner.Variables{Overrides: opts.Vars, Env: opts.Env, Defaults: map[string]string{}, Seen: map[string]string{}}
	return b
}

// problem records a problem at pos.
func (b *builder) problem(pos runner.Pos, format string, args ...any) {
	b.problems.Add(pos, format, args...)
}

// add appends an action or expectation to the scenario.
func (b *builder) add(s runner.Step) {
	b.sc.Steps = append(b.sc.Steps, s)
}

// enter starts building the Gherkin step st; leave ends it with godog's verdict.
func (b *builder) enter(st *step) { b.current = st }

// leave ends the current step with godog's verdict: it records what godog found wrong
// (no definition matches the step, several do, or, a bug, its definition failed), and
// builds a step godog skipped after such a one.
func (b *builder) leave(status godog.StepResultStatus, err error) {
	st := b.current
	defer func() { b.current = nil }()
	if st == nil {
		return
	}
	switch status {
	case godog.StepSkipped:
		b.runSkipped(st)
	case godog.StepUndefined:
		b.unmatched = true
		b.problem(st.at, "%s", undefinedStep(b.defs, st.text))
	case godog.StepAmbiguous:
		b.unmatched = true
		b.problem(st.at, "%s", ambiguousStep(b.defs, st.text))
	case godog.StepFailed:
		b.unmatched = true
		b.problem(st.at, "hubspec could not read this step (a bug; please report it): %v", err)
	}
}

// runSkipped builds a step godog skipped because an earlier one is undefined or
// ambiguous, so that one pass reports the problems of every step. It matches the step
// against the same patterns godog has.
func (b *builder) runSkipped(st *step) {
	for _, def := range b.defs {
		if m := def.re.FindStringSubmatch(st.text); m != nil {
			b.run(def, m[1:])
			return
		}
	}
}

// undefinedStep explains a step no definition matches, suggesting the closest one.
func undefinedStep(defs []*Definition, text string) string {
	msg := fmt.Sprintf(`undefined step "%s"`, text)
	if def, ok := closest(defs, text); ok {
		return msg + fmt.Sprintf(`; the closest known step is "%s", e.g. "%s"`, def.Phrase, exampleStep(def.Example))
	}
	return msg + "; `hubspec steps` lists every step"
}

// ambiguousStep explains a step that several definitions match.
func ambiguousStep(defs []*Definition, text string) string {
	var phrases []string
	for _, def := range defs {
		if def.re.MatchString(text) {
			phrases = append(phrases, `"`+def.Phrase+`"`)
		}
	}
	return fmt.Sprintf(`ambiguous step "%s": it reads as %s`, text, strings.Join(phrases, " and as "))
}

// run builds the current step with def, its arguments as captured.
func (b *builder) run(def *Definition, raw []string) {
	st := b.current
	if st == nil {
		return
	}
	if !b.placed(def, st) || !b.argumentFits(def, st) {
		return
	}
	c := &call{b: b, def: def, step: st, raw: raw}
	if !c.expandArgs() {
		return
	}
	def.build(c)
}

// placed checks that a setup step comes before the scenario's first action or
// expectation, and records that first one.
func (b *builder) placed(def *Definition, st *step) bool {
	switch {
	case def.Kind == Setup && b.started != nil:
		b.problem(st.at, `"%s" sets the stage: put it before the scenario's first action or expectation (line %d), or in the Background`,
			st.text, b.started.at.Line)
		return false
	case (def.Kind == Action || def.Kind == Expectation) && b.started == nil:
		b.started = st
	}
	return true
}

// argumentFits checks that the step has the data table or doc string its definition
// takes, and nothing else.
func (b *builder) argumentFits(def *Definition, st *step) bool {
	has := map[bool]string{true: "data table", false: "doc string"}
	switch {
	case def.Argument == Table && st.table == nil:
		b.problem(st.at, "this step needs a data table below it: %s", exampleHint(def))
	case def.Argument == DocString && st.doc == nil:
		b.problem(st.at, "this step needs a doc string (\"\"\" … \"\"\") below it: %s", exampleHint(def))
	case (def.Argument == NoArgument || def.Argument == DocString) && st.table != nil,
		(def.Argument == NoArgument || def.Argument == Table || def.Argument == OptionalTable) && st.doc != nil:
		b.problem(st.at, "this step takes no %s", has[st.table != nil])
	default:
		return true
	}
	return false
}

func exampleHint(def *Definition) string {
	return fmt.Sprintf("see `hubspec steps` for %q", def.Phrase)
}

package steps

import (
	"bytes"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	gherkin "github.com/cucumber/gherkin/go/v42"
	messages "github.com/cucumber/messages/go/v34"

	"github.com/hubspec/hubspec/runner"
)

// feature is a parsed feature file: its document, its pickles (one per scenario and
// per example row, Background steps included, as Gherkin compiles them) and an index
// from the document's node ids to where they were written.
type feature struct {
	doc     *messages.GherkinDocument
	pickles []*messages.Pickle
	index   *docIndex
}

// parseFeature parses data as Gherkin. Syntax errors come back as problems at their
// line and column. The ids are generated as godog generates them, so the pickles godog
// runs carry the same ids as these (suite.go checks that they do).
func parseFeature(name string, data []byte) (*feature, runner.Problems) {
	newID := (&messages.Incrementing{}).NewId
	doc, err := parseDocument(data, newID)
	if err != nil {
		return nil, gherkinProblems(name, err)
	}
	if n := countPickleSteps(doc); n > MaxPickleSteps {
		return nil, runner.Problems{{Pos: runner.Pos{File: name}, Msg: fmt.Sprintf(
			"the file's scenarios and example rows add up to %d steps; hubspec reads at most %d in one file", n, MaxPickleSteps)}}
	}
	pickles := gherkin.Pickles(*doc, name, newID)
	return &feature{doc: doc, pickles: pickles, index: newDocIndex(name, doc)}, nil
}

// parseDocument runs the Gherkin parser; it is third-party code fed untrusted bytes, so
// a panic in it becomes an error.
func parseDocument(data []byte, newID func() string) (doc *messages.GherkinDocument, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("the Gherkin parser failed: %v", r)
		}
	}()
	return gherkin.ParseGherkinDocument(bytes.NewReader(data), newID)
}

var gherkinError = regexp.MustCompile(`^\((\d+):(\d+)\): (.*)$`)

// gherkinProblems turns the parser's errors, one per line as "(line:col): message",
// into problems.
func gherkinProblems(name string, err error) runner.Problems {
	var ps runner.Problems
	for _, line := range strings.Split(err.Error(), "\n") {
		if line == "Parser errors:" || line == "" {
			continue
		}
		m := gherkinError.FindStringSubmatch(line)
		if m == nil {
			ps.Add(runner.Pos{File: name}, "Gherkin: %s", line)
			continue
		}
		l, _ := strconv.Atoi(m[1])
		c, _ := strconv.Atoi(m[2])
		ps.Add(runner.Pos{File: name, Line: l, Col: c}, "Gherkin: %s", m[3])
	}
	return ps
}

// countPickleSteps counts the steps the file compiles to, before compiling it: every
// scenario's steps plus the Backgrounds before them, once per example row.
func countPickleSteps(doc *messages.GherkinDocument) int {
	if doc.Feature == nil {
		return 0
	}
	total, background := 0, 0
	for _, child := range doc.Feature.Children {
		switch {
		case child.Background != nil:
			background = len(child.Background.Steps)
		case child.Scenario != nil:
			total += scenarioSteps(child.Scenario, background)
		case child.Rule != nil:
			total += ruleSteps(child.Rule, background)
		}
	}
	return total
}

func ruleSteps(rule *messages.Rule, background int) int {
	total := 0
	for _, child := range rule.Children {
		if child.Background != nil {
			background += len(child.Background.Steps)
		}
		if child.Scenario != nil {
			total += scenarioSteps(child.Scenario, background)
		}
	}
	return total
}

func scenarioSteps(sc *messages.Scenario, background int) int {
	rows := 0
	for _, ex := range sc.Examples {
		rows += len(ex.TableBody)
	}
	return max(rows, 1) * (len(sc.Steps) + background)
}

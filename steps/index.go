package steps

import (
	"strings"

	messages "github.com/cucumber/messages/go/v34"

	"github.com/hubspec/hubspec/runner"
)

// docIndex finds the document nodes a pickle was compiled from, by id: where each
// scenario, step and example row was written.
type docIndex struct {
	file      string
	scenarios map[string]*messages.Scenario
	steps     map[string]*messages.Step
	rows      map[string]exampleRow
}

// exampleRow is one row of an outline's Examples, with the table's header.
type exampleRow struct {
	header *messages.TableRow
	row    *messages.TableRow
}

func newDocIndex(file string, doc *messages.GherkinDocument) *docIndex {
	ix := &docIndex{
		file:      file,
		scenarios: map[string]*messages.Scenario{},
		steps:     map[string]*messages.Step{},
		rows:      map[string]exampleRow{},
	}
	if doc.Feature == nil {
		return ix
	}
	for _, child := range doc.Feature.Children {
		ix.addBackground(child.Background)
		ix.addScenario(child.Scenario)
		if child.Rule != nil {
			for _, rc := range child.Rule.Children {
				ix.addBackground(rc.Background)
				ix.addScenario(rc.Scenario)
			}
		}
	}
	return ix
}

func (ix *docIndex) addBackground(bg *messages.Background) {
	if bg != nil {
		ix.addSteps(bg.Steps)
	}
}

func (ix *docIndex) addScenario(sc *messages.Scenario) {
	if sc == nil {
		return
	}
	ix.scenarios[sc.Id] = sc
	ix.addSteps(sc.Steps)
	for _, ex := range sc.Examples {
		for _, row := range ex.TableBody {
			ix.rows[row.Id] = exampleRow{header: ex.TableHeader, row: row}
		}
	}
}

func (ix *docIndex) addSteps(steps []*messages.Step) {
	for _, st := range steps {
		ix.steps[st.Id] = st
	}
}

// pos is a position in the file at a Gherkin location: the line, and no column (the
// runner shows Gherkin positions as file:line).
func (ix *docIndex) pos(loc *messages.Location) runner.Pos {
	if loc == nil {
		return runner.Pos{File: ix.file}
	}
	return runner.Pos{File: ix.file, Line: int(loc.Line)}
}

// step describes a pickle step for the builder: its text, where it was written, and
// its data table or doc string with their lines.
func (ix *docIndex) step(ps *messages.PickleStep) *step {
	st := &step{text: ps.Text, at: runner.Pos{File: ix.file}}
	var src *messages.Step
	if len(ps.AstNodeIds) > 0 {
		src = ix.steps[ps.AstNodeIds[0]]
	}
	st.written = ps.Text
	if src != nil {
		st.at = ix.pos(src.Location)
		st.written = strings.TrimSpace(src.Keyword) + " " + ps.Text
	}
	if ps.Argument == nil {
		return st
	}
	if dt := ps.Argument.DataTable; dt != nil {
		st.table = ix.table(dt, src, st.at)
	}
	if ds := ps.Argument.DocString; ds != nil {
		st.doc = &docString{at: st.at, mediaType: ds.MediaType, content: ds.Content}
		if src != nil && src.DocString != nil {
			st.doc.at = ix.pos(src.DocString.Location)
		}
	}
	return st
}

// table copies a pickle's data table, taking each row's line from the document.
func (ix *docIndex) table(dt *messages.PickleTable, src *messages.Step, at runner.Pos) *table {
	t := &table{at: at}
	for i, row := range dt.Rows {
		cells := make([]string, len(row.Cells))
		for j, c := range row.Cells {
			cells[j] = c.Value
		}
		pos := at
		if src != nil && src.DataTable != nil && i < len(src.DataTable.Rows) {
			pos = ix.pos(src.DataTable.Rows[i].Location)
		}
		t.rows = append(t.rows, tableRow{at: pos, cells: cells})
	}
	return t
}

// name is a pickle's scenario name. An outline's row adds its values, so that each row
// is a test case with a stable name of its own: "Feedback by ack mode (ack=full,
// settles=rejects)". A name that already shows the row's values (the outline's title
// uses <placeholders>) is kept as it is.
func (ix *docIndex) name(p *messages.Pickle) string {
	if len(p.AstNodeIds) < 2 {
		return strings.TrimSpace(p.Name)
	}
	outline := ix.scenarios[p.AstNodeIds[0]]
	row, ok := ix.rows[p.AstNodeIds[1]]
	if outline == nil || !ok || p.Name != outline.Name || row.header == nil {
		return strings.TrimSpace(p.Name)
	}
	pairs := make([]string, 0, len(row.row.Cells))
	for i, cell := range row.row.Cells {
		if i < len(row.header.Cells) {
			pairs = append(pairs, row.header.Cells[i].Value+"="+cell.Value)
		}
	}
	return strings.TrimSpace(p.Name) + " (" + strings.Join(pairs, ", ") + ")"
}

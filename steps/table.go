package steps

import (
	"strings"

	"github.com/hubspec/hubspec/runner"
)

// table is a step's data table: its rows, each with the line it was written on.
type table struct {
	at   runner.Pos
	rows []tableRow
}

type tableRow struct {
	at    runner.Pos
	cells []string
}

// docString is a step's doc string: its media type ("json" after """json) and text.
type docString struct {
	at        runner.Pos
	mediaType string
	content   string
}

// entry is one row of a two-column table: a key and its value. Keys name fields,
// statuses or variables, so they are taken as written; values may use ${VARIABLES}.
type entry struct {
	key string // trimmed
	val value
}

// pairs reads a two-column table of keys and values, such as the fields of a message.
// A first row whose cells are exactly the header names (in any case) is a header and
// is skipped.
func (c *call) pairs(header ...string) []entry {
	t := c.step.table
	var out []entry
	for i, row := range t.rows {
		if len(row.cells) != 2 {
			c.problemAt(row.at, "this table has two columns (%s), not %d", strings.Join(header, " and "), len(row.cells))
			return nil
		}
		if i == 0 && isHeader(row.cells, header) {
			continue
		}
		if val, ok := c.value(row.at, row.cells[1]); ok {
			out = append(out, entry{key: strings.TrimSpace(row.cells[0]), val: val})
		}
	}
	return out
}

func isHeader(cells, header []string) bool {
	if len(cells) != len(header) {
		return false
	}
	for i, h := range header {
		if !strings.EqualFold(strings.TrimSpace(cells[i]), h) {
			return false
		}
	}
	return true
}

// record is one row of a table with a header: the value in each named column.
type record struct {
	at      runner.Pos
	columns []string // the table's columns, in order
	values  map[string]value
}

// records reads a table whose first row names its columns. Each column must be one of
// columns (compared by fold) or, when open is set, any name; required columns must be
// there. Empty cells are left out of a record.
func (c *call) records(columns, required []string, open bool) []record {
	t := c.step.table
	if len(t.rows) < 2 {
		c.problemAt(t.at, "this table needs a header row naming its columns (%s) and at least one row below it", strings.Join(columns, ", "))
		return nil
	}
	names, ok := c.header(t.rows[0], columns, required, open)
	if !ok {
		return nil
	}
	var out []record
	for _, row := range t.rows[1:] {
		r := record{at: row.at, columns: names, values: map[string]value{}}
		for j, cell := range row.cells[:min(len(row.cells), len(names))] {
			v, ok := c.value(row.at, cell)
			if ok && strings.TrimSpace(v.text) != "" {
				r.values[names[j]] = v
			}
		}
		out = append(out, r)
	}
	return out
}

// header reads a table's header row into canonical column names.
func (c *call) header(row tableRow, columns, required []string, open bool) ([]string, bool) {
	names := make([]string, len(row.cells))
	seen := map[string]bool{}
	ok := true
	for j, cell := range row.cells {
		name := strings.TrimSpace(cell)
		if canon, found := fold(name, columns); found {
			name = canon
		} else if !open {
			c.problemAt(row.at, "unknown column %q%s", name, suggestWord(name, columns))
		}
		if seen[name] {
			c.problemAt(row.at, "column %q appears twice", name)
			ok = false
		}
		seen[name] = true
		names[j] = name
	}
	for _, r := range required {
		if !seen[r] {
			c.problemAt(row.at, "this table needs a %q column", r)
			ok = false
		}
	}
	return names, ok
}

// fold finds s among values, ignoring case.
func fold(s string, values []string) (string, bool) {
	for _, v := range values {
		if strings.EqualFold(s, v) {
			return v, true
		}
	}
	return "", false
}

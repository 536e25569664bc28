package runner

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

// Pos is a position in a spec file: the file name as the user gave it and a 1-based
// line and column. A zero column means the front end knows only the line (Gherkin steps);
// a zero line means the whole file.
type Pos struct {
	File string
	Line int
	Col  int
}

// String formats the position as file:line:col, leaving out what is unknown.
func (p Pos) String() string {
	switch {
	case p.Line == 0:
		return p.File
	case p.Col == 0:
		return fmt.Sprintf("%s:%d", p.File, p.Line)
	}
	return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Col)
}

// From formats p for a message about a position in file from: "line 7" within the same
// file, the whole position otherwise.
func (p Pos) From(from Pos) string {
	if p.File == from.File && p.Line > 0 {
		return fmt.Sprintf("line %d", p.Line)
	}
	return p.String()
}

// compare orders positions by file, line and column.
func (p Pos) compare(q Pos) int {
	return cmp.Or(cmp.Compare(p.File, q.File), cmp.Compare(p.Line, q.Line), cmp.Compare(p.Col, q.Col))
}

// KeyPos records where each key of a model value was written, so a problem with one
// field points at that field rather than at the value's start. Front ends that know
// only a line (Gherkin) leave it nil.
type KeyPos map[string]Pos

// Of returns the position of key, or fallback when it is not recorded.
func (k KeyPos) Of(key string, fallback Pos) Pos {
	if p, ok := k[key]; ok {
		return p
	}
	return fallback
}

// Problem is one thing wrong with a spec, at a position in the user's file.
type Problem struct {
	Pos Pos
	Msg string
}

// Error formats the problem as file:line:col: message.
func (p *Problem) Error() string { return p.Pos.String() + ": " + p.Msg }

// Problems is every problem found in one pass. A non-empty Problems is an error whose
// text has one problem per line, in file order.
type Problems []*Problem

// Add records a problem at pos.
func (ps *Problems) Add(pos Pos, format string, args ...any) {
	*ps = append(*ps, &Problem{Pos: pos, Msg: fmt.Sprintf(format, args...)})
}

// Sort orders the problems by position, keeping the order of problems at one position.
func (ps Problems) Sort() {
	slices.SortStableFunc(ps, func(a, b *Problem) int { return a.Pos.compare(b.Pos) })
}

// Err returns ps sorted as an error, or nil when there is no problem.
func (ps Problems) Err() error {
	if len(ps) == 0 {
		return nil
	}
	ps.Sort()
	return ps
}

// Error returns one line per problem.
func (ps Problems) Error() string {
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = p.Error()
	}
	return strings.Join(lines, "\n")
}

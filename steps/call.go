package steps

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/hubspec/hubspec/runner"
)

// call is one step being built: its definition, the Gherkin step, and the arguments
// godog captured.
type call struct {
	b    *builder
	def  *Definition
	step *step
	raw  []string
	args []value
}

// value is one argument of a step, captured from its text or read from a table cell:
// where it was written, the text as written (what problems quote, so that a
// variable's value never appears in one) and the text with ${VARIABLES} expanded.
type value struct {
	at   runner.Pos
	raw  string
	text string
}

// given reports whether the value was written (an optional part may be left out).
func (v value) given() bool { return v.raw != "" }

// at is the step's position.
func (c *call) at() runner.Pos { return c.step.at }

// source is the step as the user wrote it, keyword and all, for its failures.
func (c *call) source() runner.Source { return runner.Source{Text: c.step.written} }

func (c *call) problem(format string, args ...any) {
	c.b.problem(c.step.at, format, args...)
}

func (c *call) problemAt(pos runner.Pos, format string, args ...any) {
	c.b.problem(pos, format, args...)
}

// expandArgs expands the variables in every argument; false when one cannot be.
func (c *call) expandArgs() bool {
	c.args = make([]value, len(c.raw))
	for i, r := range c.raw {
		v, ok := c.value(c.step.at, r)
		if !ok {
			return false
		}
		c.args[i] = v
	}
	return true
}

// value expands the ${VARIABLES} in s, written at pos.
func (c *call) value(pos runner.Pos, s string) (value, bool) {
	v, err := c.b.vars.Expand(s)
	if err != nil {
		c.problemAt(pos, "%v", err)
		return value{}, false
	}
	return value{at: pos, raw: s, text: v}, true
}

// arg returns the argument captured for the placeholder called name; it is not given
// when its optional part was left out, or when the phrase has no such placeholder.
func (c *call) arg(name string) value {
	for i, n := range c.def.names {
		if n == name {
			return c.args[i]
		}
	}
	return value{at: c.step.at}
}

// duration reads a Go duration from 1ms to 24h; 0 when v is not given.
func (c *call) duration(v value) time.Duration {
	if !v.given() {
		return 0
	}
	d, err := time.ParseDuration(strings.TrimSpace(v.text))
	if err != nil || d <= 0 || d > maxDuration {
		c.problemAt(v.at, "want a duration from 1ms to 24h such as 5s, 250ms or 1m30s, got %q", v.raw)
		return 0
	}
	return d
}

// number reads a whole number from lo to hi.
func (c *call) number(v value, lo, hi int) int {
	n, err := strconv.Atoi(strings.TrimSpace(v.text))
	if err != nil || n < lo || n > hi {
		c.problemAt(v.at, "want a whole number from %d to %d, got %q", lo, hi, v.raw)
		return lo
	}
	return n
}

// template reads a template that may use places. Its problems quote it as written and
// name the variables whose values cause them, never a value.
func (c *call) template(what string, v value, places []string) runner.Template {
	t, err := c.b.vars.ParseTemplate(v.raw, places)
	if err != nil {
		c.problemAt(v.at, "%s: %v", what, err)
	}
	return t
}

// explain says why v is not valid. Errors quote the text they were given; when
// variables were expanded into it, that text may hold a secret, so then only what was
// written is quoted.
func (c *call) explain(v value, err error) string {
	if v.raw == v.text {
		return err.Error()
	}
	return fmt.Sprintf("%q is not valid once its variables are expanded", v.raw)
}

// maxDuration bounds every duration a step states, as the YAML front end does.
const maxDuration = 24 * time.Hour

// enumValue finds s among values (any case), or reports what was wanted.
func enumValue[T ~string](c *call, what string, v value, values []T) (T, bool) {
	if e, ok := runner.ParseEnum(strings.TrimSpace(v.text), values); ok {
		return e, true
	}
	names := make([]string, len(values))
	for i, v := range values {
		names[i] = string(v)
	}
	hint := suggestWord(v.text, names)
	if hint == "" {
		hint = fmt.Sprintf(" (want one of %s)", strings.Join(names, ", "))
	}
	c.problemAt(v.at, "%s: unknown value %q%s", what, v.raw, hint)
	var zero T
	return zero, false
}

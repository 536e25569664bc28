package steps

import (
	"encoding/json"
	"regexp"
	"strings"

	"github.com/hubspec/hubspec/runner"
)

// A message field, as a table names it: the field, then optionally how its value is
// compared. "property priority", "property region matches", "body json",
// "deliveryCount", "correlationId contains".

// fieldNames are the fields a match can check, besides "property NAME".
var fieldNames = []string{"messageId", "correlationId", "contentType", "contentEncoding", "to", "ack", "deliveryCount", "body"}

// field is a parsed field name.
type field struct {
	name     string // one of fieldNames, or "property"
	property string // the property's name
	op       runner.MatchOp
}

// parseField reads "messageId", "body json", "property region matches", …
func (c *call) parseField(at runner.Pos, spec string) (field, bool) {
	words := strings.Fields(spec)
	f := field{op: runner.Equals}
	if len(words) == 0 {
		c.problemAt(at, "a field name is missing")
		return f, false
	}
	if strings.EqualFold(words[0], "property") {
		if len(words) < 2 {
			c.problemAt(at, "write the property's name after property: property priority")
			return f, false
		}
		f.name, f.property, words = "property", words[1], words[2:]
	} else {
		name, ok := fold(words[0], fieldNames)
		if !ok {
			c.problemAt(at, "unknown field %q%s (fields: %s, property NAME)", words[0], suggestWord(words[0], fieldNames), strings.Join(fieldNames, ", "))
			return f, false
		}
		f.name, words = name, words[1:]
	}
	return c.fieldOp(at, f, spec, words)
}

// fieldOp reads the comparison after a field's name, if any.
func (c *call) fieldOp(at runner.Pos, f field, spec string, words []string) (field, bool) {
	if len(words) == 0 {
		return f, true
	}
	op, ok := runner.ParseEnum(words[0], runner.MatchOps)
	if !ok || len(words) > 1 {
		c.problemAt(at, "field %q: after the name comes at most one of equals, contains, matches, json, absent", spec)
		return f, false
	}
	f.op = op
	return f, true
}

// matchTable reads a message match from a two-column table of fields and values.
func (c *call) matchTable(entries []entry) runner.MessageMatch {
	m := runner.MessageMatch{At: c.at()}
	if len(entries) > 0 {
		m.At = entries[0].val.at
	}
	for _, e := range entries {
		c.addMatch(&m, e.key, e.val)
	}
	return m
}

// addMatch adds what one field must be to m.
func (c *call) addMatch(m *runner.MessageMatch, spec string, v value) {
	f, ok := c.parseField(v.at, spec)
	if !ok {
		return
	}
	switch f.name {
	case "deliveryCount":
		if f.op != runner.Equals {
			c.problemAt(v.at, "deliveryCount takes a count such as 0 or at least 1, not %s", f.op)
		}
		n := c.tableCount(v)
		m.DeliveryCount = &n
		m.Keys = runner.KeyPos{"deliveryCount": v.at}
	case "body":
		tm := c.textMatch(f, v, true)
		m.Body = &tm
	case "property":
		m.Properties = append(m.Properties, runner.PropertyMatch{Name: f.property, Match: c.textMatch(f, v, false)})
	default:
		m.System = append(m.System, runner.SystemMatch{Name: runner.SystemProperty(f.name), Match: c.textMatch(f, v, false)})
	}
}

// maxRegexp bounds the length of a regular expression in a match.
const maxRegexp = 4096

// textMatch reads what one text must be. Property and system values are templates;
// a body is compared as written.
func (c *call) textMatch(f field, v value, body bool) runner.TextMatch {
	tm := runner.TextMatch{At: v.at, Op: f.op}
	switch f.op {
	case runner.Equals, runner.Contains:
		tm.Text = runner.Literal(v.text)
		if !body {
			tm.Text = c.template(f.name, v, runner.MessagePlaces)
		}
	case runner.Matches:
		tm.Regexp = c.regexp(v)
	case runner.JSON:
		tm.JSON = c.jsonValue(f, v, body)
	case runner.Absent:
		c.absent(f, v, body)
	}
	return tm
}

func (c *call) regexp(v value) *regexp.Regexp {
	re, err := regexp.Compile(v.text)
	switch {
	case err != nil:
		c.problemAt(v.at, "not a regular expression (Go's RE2 syntax): %s", c.explain(v, err))
	case len(v.text) > maxRegexp:
		c.problemAt(v.at, "the regular expression is over %d characters", maxRegexp)
	default:
		return re
	}
	return regexp.MustCompile("")
}

func (c *call) jsonValue(f field, v value, body bool) any {
	if !body {
		c.problemAt(v.at, "json compares bodies only; use equals, contains or matches for %s", f.name)
		return nil
	}
	var doc any
	if err := json.Unmarshal([]byte(v.text), &doc); err != nil {
		c.problemAt(v.at, "body json: not JSON: %s", c.explain(v, err))
	}
	return doc
}

func (c *call) absent(f field, v value, body bool) {
	switch strings.ToLower(strings.TrimSpace(v.text)) {
	case "", "true", "yes":
		if body {
			c.problemAt(v.at, "a body is never absent; match an empty one with body equals and an empty value")
		}
	default:
		c.problemAt(v.at, "%s absent takes no value (or true), got %q", f.name, v.raw)
	}
}

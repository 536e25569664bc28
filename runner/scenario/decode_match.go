package scenario

import (
	"errors"
	"fmt"
	"regexp"
	"regexp/syntax"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/hubspec/hubspec/runner"
)

// maxRegexp bounds the length of a regular expression in a match.
const maxRegexp = 4096

// match decodes a message match: a rule's when, or an entry of receives' messages.
func (d *decoder) match(n *yaml.Node, what string) runner.MessageMatch {
	f := d.fields(n, what, matchKeys)
	m := runner.MessageMatch{At: d.pos(f.node), Keys: f.keys}
	if b := f.vals["body"]; b != nil {
		tm := d.textMatch(b, "body", true)
		m.Body = &tm
	}
	for _, p := range runner.SystemProperties {
		if v := f.vals[string(p)]; v != nil {
			m.System = append(m.System, runner.SystemMatch{Name: p, Match: d.textMatch(v, string(p), false)})
		}
	}
	if props := f.vals["properties"]; props != nil {
		m.Properties = d.propertyMatches(props)
	}
	if dc := f.vals["deliveryCount"]; dc != nil {
		c := d.count(dc, "deliveryCount", runner.AtLeast(0))
		m.DeliveryCount = &c
	}
	return m
}

func (d *decoder) propertyMatches(n *yaml.Node) []runner.PropertyMatch {
	var ms []runner.PropertyMatch
	d.propertyPairs(n, func(name string, v *yaml.Node) {
		ms = append(ms, runner.PropertyMatch{Name: name, Match: d.textMatch(v, name, false)})
	})
	return ms
}

// textMatch decodes a value to match: text (equal to it) or a mapping with one of
// equals, contains, matches, json (bodies only) or absent.
func (d *decoder) textMatch(n *yaml.Node, key string, body bool) runner.TextMatch {
	tm := runner.TextMatch{At: d.pos(n), Op: runner.Equals}
	if n.Kind != yaml.MappingNode {
		tm.Text = d.matchText(n, key, body)
		return tm
	}
	f := d.fields(n, key, textMatchKeys)
	op := f.oneOf(textMatchKeys...)
	v := f.vals[op]
	switch op {
	case "equals", "contains":
		tm.Op, tm.Text = runner.MatchOp(op), d.matchText(v, key, body)
	case "matches":
		tm.Op, tm.Regexp = runner.Matches, d.regexp(v, key)
	case "json":
		tm.Op, tm.JSON = runner.JSON, d.jsonMatch(v, key, body)
	case "absent":
		tm.Op = runner.Absent
		d.absent(f, key, body)
	}
	return tm
}

// matchText is a template for properties, and literal text for bodies (JSON in a
// body would read as placeholders).
func (d *decoder) matchText(n *yaml.Node, key string, body bool) runner.Template {
	if !body {
		return d.template(n, key, runner.MessagePlaces)
	}
	v, _, _ := d.text(n, key, "text")
	return runner.Literal(v)
}

func (d *decoder) regexp(n *yaml.Node, key string) *regexp.Regexp {
	v, raw, ok := d.text(n, key, "a regular expression")
	if !ok {
		return regexp.MustCompile("")
	}
	re, err := regexp.Compile(v)
	if err == nil && len(v) > maxRegexp {
		d.errorf(n, "%s: the regular expression is over %d characters", key, maxRegexp)
	}
	if err != nil {
		d.errorf(n, "%s: %s", key, regexpProblem(raw, v, err))
		return regexp.MustCompile("")
	}
	return re
}

// regexpProblem explains a regular expression that does not compile. The compiler's
// error quotes the expression, so when variables were expanded into it, it says what
// is wrong and names the variables instead.
func regexpProblem(raw, expanded string, err error) string {
	var se *syntax.Error
	if raw == expanded || !errors.As(err, &se) {
		return err.Error()
	}
	refs := runner.VarRefs(raw)
	for i, name := range refs {
		refs[i] = "${" + name + "}"
	}
	return fmt.Sprintf("not a regular expression (Go's RE2 syntax) once %s is expanded: %s", strings.Join(refs, " and "), se.Code)
}

func (d *decoder) jsonMatch(n *yaml.Node, key string, body bool) any {
	if !body {
		d.errorf(n, "%s: json matches bodies only; use equals, contains or matches", key)
		return nil
	}
	v, _ := d.jsonValue(n, key)
	return v
}

func (d *decoder) absent(f *fields, key string, body bool) {
	if body {
		d.errorf(f.vals["absent"], "%s: a body is never absent; match an empty one with equals: \"\"", key)
	} else if !f.boolean("absent", true) {
		d.errorf(f.vals["absent"], "%s: absent: false checks nothing; say what the value must be", key)
	}
}

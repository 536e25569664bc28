package scenario

import (
	"fmt"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/hubspec/hubspec/runner"
)

// decoder turns one YAML document into a scenario, recording every problem it finds
// with its position and carrying on, so that one pass reports them all.
type decoder struct {
	file     string
	dir      string // the scenario file's folder, for body files
	opts     Options
	vars     runner.Variables
	problems runner.Problems
	budget   int // nodes left for JSON values, against alias bombs
}

func (d *decoder) pos(n *yaml.Node) runner.Pos {
	return runner.Pos{File: d.file, Line: n.Line, Col: n.Column}
}

func (d *decoder) errorf(n *yaml.Node, format string, args ...any) {
	d.problems.Add(d.pos(n), format, args...)
}

// resolve follows aliases to the node they name.
func resolve(n *yaml.Node) *yaml.Node {
	for i := 0; n != nil && n.Kind == yaml.AliasNode && i < 100; i++ {
		n = n.Alias
	}
	return n
}

// describe names what a node is, for "want X, got Y" messages.
func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		if n.Tag == "!!null" {
			return "nothing"
		}
		return fmt.Sprintf("%q", clip(n.Value))
	}
	return "an alias"
}

func clip(s string) string {
	if len(s) > 60 {
		return s[:60] + "…"
	}
	return s
}

// fields is a mapping whose keys were checked against the keys its kind accepts.
type fields struct {
	d    *decoder
	node *yaml.Node
	what string
	vals map[string]*yaml.Node
	keys runner.KeyPos
	bad  bool // a key was wrong: what is missing is likely its consequence
}

// fields reads mapping n, reporting keys that are not allowed, repeated or merged.
func (d *decoder) fields(n *yaml.Node, what string, allowed []string) *fields {
	f := &fields{d: d, node: n, what: what, vals: map[string]*yaml.Node{}, keys: runner.KeyPos{}}
	n = resolve(n)
	if n.Kind != yaml.MappingNode {
		d.errorf(n, "%s: want a mapping (key: value lines), got %s", what, describe(n))
		f.bad = true
		return f
	}
	f.node = n
	for i := 0; i+1 < len(n.Content); i += 2 {
		f.add(n.Content[i], n.Content[i+1], allowed)
	}
	return f
}

func (f *fields) add(k, v *yaml.Node, allowed []string) {
	d := f.d
	switch {
	case k.Kind != yaml.ScalarNode:
		d.errorf(k, "%s: a key must be a word, not %s", f.what, describe(k))
	case k.Tag == "!!merge":
		d.errorf(k, "%s: YAML merge keys (<<) are not supported; use an alias for a whole value", f.what)
	case !slices.Contains(allowed, k.Value):
		d.errorf(k, "%s: unknown key %q%s", f.what, k.Value, keyHint(k.Value, allowed))
	case f.vals[k.Value] != nil:
		d.errorf(k, "%s: key %q is set twice (first at line %d)", f.what, k.Value, f.keys[k.Value].Line)
	default:
		f.vals[k.Value] = resolve(v)
		f.keys[k.Value] = d.pos(k)
		return
	}
	f.bad = true
}

func keyHint(key string, allowed []string) string {
	if hint := didYouMean(key, allowed); hint != "" {
		return hint
	}
	return fmt.Sprintf(" (known keys: %s)", strings.Join(allowed, ", "))
}

func (f *fields) has(key string) bool { return f.vals[key] != nil }

// at returns the position of key's value, or of the mapping when it is missing.
func (f *fields) at(key string) runner.Pos {
	if v := f.vals[key]; v != nil {
		return f.d.pos(v)
	}
	return f.d.pos(f.node)
}

// require reports the keys of names that are missing (unless a wrong key may be
// the cause) and whether all are there.
func (f *fields) require(names ...string) bool {
	ok := true
	for _, k := range names {
		if f.has(k) {
			continue
		}
		if !f.bad {
			f.d.errorf(f.node, "%s: %s is required", f.what, k)
		}
		ok = false
	}
	return ok
}

// oneOf reports unless exactly one of names is set, and returns the one.
func (f *fields) oneOf(names ...string) string {
	var set []string
	for _, k := range names {
		if f.has(k) {
			set = append(set, k)
		}
	}
	switch len(set) {
	case 1:
		return set[0]
	case 0:
		if !f.bad {
			f.d.errorf(f.node, "%s: set one of %s", f.what, strings.Join(names, ", "))
		}
	default:
		f.d.errorf(f.vals[set[1]], "%s: set only one of %s (found %s)", f.what, strings.Join(names, ", "), strings.Join(set, " and "))
	}
	return ""
}

// conflict reports when both a and b are set.
func (f *fields) conflict(a, b, why string) {
	if f.has(a) && f.has(b) {
		f.d.errorf(f.vals[b], "%s: %s and %s cannot go together: %s", f.what, a, b, why)
	}
}

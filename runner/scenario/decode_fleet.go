package scenario

import (
	"cmp"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/hubspec/hubspec/runner"
)

// fleet decodes the list of device groups.
func (d *decoder) fleet(n *yaml.Node) []*runner.Group {
	if n.Kind != yaml.SequenceNode {
		d.errorf(n, "fleet: want a list of device groups (- id: …), got %s", describe(n))
		return nil
	}
	groups := make([]*runner.Group, 0, len(n.Content))
	for _, item := range n.Content {
		groups = append(groups, d.group(resolve(item)))
	}
	return groups
}

func (d *decoder) group(n *yaml.Node) *runner.Group {
	f := d.fields(n, "fleet group", groupKeys)
	f.require("id")
	g := &runner.Group{At: d.pos(n), Keys: f.keys}
	g.ID = f.template("id", runner.FleetPlaces)
	g.Name = cmp.Or(strings.TrimSpace(f.str("group")), g.ID.String())
	g.Count = f.integer("count", 1, 1, runner.MaxFleet)
	g.Transport = enum(f, "transport", runner.Transports, runner.AMQP)
	g.Offline = !f.boolean("online", true)
	g.Behaviour.Default = d.settlement(f)
	if r := f.vals["rules"]; r != nil {
		g.Behaviour.Rules = d.rules(r)
	}
	return g
}

// settlement reads the settle and delay keys of a group or a rule.
func (d *decoder) settlement(f *fields) runner.Settlement {
	s := runner.Settlement{At: f.at("settle"), Delay: f.duration("delay")}
	if n := f.vals["settle"]; n != nil {
		s.Sequence = d.dispositions(n)
	}
	return s
}

// dispositions reads one disposition or a sequence of them.
func (d *decoder) dispositions(n *yaml.Node) []runner.Disposition {
	items := []*yaml.Node{n}
	if n.Kind == yaml.SequenceNode {
		items = n.Content
		if len(items) == 0 {
			d.errorf(n, "settle: the sequence is empty; list at least one of complete, reject, abandon, ignore")
		}
	}
	seq := make([]runner.Disposition, 0, len(items))
	for _, item := range items {
		seq = append(seq, enumValue(d, resolve(item), "settle", runner.Dispositions, runner.Complete))
	}
	return seq
}

func (d *decoder) rules(n *yaml.Node) []runner.Rule {
	if n.Kind != yaml.SequenceNode {
		d.errorf(n, "rules: want a list of rules (- when: …), got %s", describe(n))
		return nil
	}
	rules := make([]runner.Rule, 0, len(n.Content))
	for _, item := range n.Content {
		f := d.fields(item, "rule", ruleKeys)
		r := runner.Rule{At: d.pos(f.node)}
		if f.require("when", "settle") {
			r.When = d.match(f.vals["when"], "when")
		}
		r.Then = d.settlement(f)
		rules = append(rules, r)
	}
	return rules
}

package steps

import (
	"fmt"

	"github.com/hubspec/hubspec/runner"
)

const sectionBehaviour = "How devices settle messages"

var behaviourSteps = []Definition{
	{
		Section: sectionBehaviour, Kind: Setup,
		Phrase: `{devices} {settles} every message[ after {duration}]`,
		Description: "How the devices settle each delivery: complete, reject (dead-letter), abandon (back to the queue, " +
			"counting a delivery) or ignore (let the lock expire). A sequence settles the first delivery of a message with " +
			"its first entry, the second with its second, and so on; the last repeats. `after` holds each message that " +
			"long before settling it. A behaviour belongs to a group: `device \"ID\"` names a device of its own group.",
		Example: `Given group "legacy" abandons, abandons, then completes every message after 250ms`,
		build:   buildBehaviour,
	},
	{
		Section: sectionBehaviour, Kind: Setup, Argument: Table,
		Phrase: `{devices} {settles} every message[ after {duration}] with`,
		Description: "A rule: messages that match the table are settled this way. The first rule that matches decides; " +
			"otherwise the group's own behaviour does. The table lists [message fields](#message-fields), one per row.",
		Example: "Given group \"gateways\" rejects every message with:\n" +
			"  | property priority       | low  |\n" +
			"  | property region matches | ^eu- |",
		build: buildRule,
	},
}

// behaviourKey names a group's default behaviour in builder.settingAt.
func behaviourKey(g *runner.Group) string { return "behaviour of " + g.Name }

func buildBehaviour(c *call) {
	s := runner.Settlement{At: c.at(), Sequence: c.settlement(c.arg("settles")), Delay: c.duration(c.arg("duration"))}
	for _, g := range c.targetGroups(c.arg("devices")) {
		key := behaviourKey(g)
		if at, ok := c.b.settingAt[key]; ok {
			c.problem("group %q already has a behaviour for every message (line %d); write one per group, or a rule with \"every message with:\"", g.Name, at.Line)
			continue
		}
		c.b.settingAt[key] = c.at()
		g.Behaviour.Default = s
	}
}

func buildRule(c *call) {
	r := runner.Rule{At: c.at(), Then: runner.Settlement{At: c.at(), Sequence: c.settlement(c.arg("settles")), Delay: c.duration(c.arg("duration"))}}
	r.When = c.matchTable(c.pairs("field", "value"))
	for _, g := range c.targetGroups(c.arg("devices")) {
		g.Behaviour.Rules = append(g.Behaviour.Rules, r)
	}
}

// targetGroups resolves the {devices} of a behaviour to the groups declared so far: a
// behaviour belongs to a whole group.
func (c *call) targetGroups(v value) []*runner.Group {
	sel := c.selector(v)
	fleet := c.b.sc.Fleet
	switch {
	case sel.All:
		if len(fleet) == 0 {
			c.problem("there is no device yet: declare the fleet before its behaviour")
		}
		return fleet
	case sel.Group != "":
		if g := c.b.sc.Group(sel.Group); g != nil {
			return []*runner.Group{g}
		}
		c.problem("there is no group %q in the fleet%s", sel.Group, c.groupNames())
		return nil
	}
	return c.deviceGroup(sel.Device)
}

// deviceGroup finds the group of one device, which must be the group's only device.
func (c *call) deviceGroup(id string) []*runner.Group {
	if g := c.b.sc.Group(id); g != nil && g.Count == 1 {
		return []*runner.Group{g}
	}
	for _, g := range c.b.sc.Fleet {
		for n := 1; n <= g.Count; n++ {
			if g.DeviceID(n) != id {
				continue
			}
			if g.Count > 1 {
				c.problem("device %s is one of the %d devices of group %q, and a behaviour belongs to a whole group: write group %q", id, g.Count, g.Name, g.Name)
				return nil
			}
			return []*runner.Group{g}
		}
	}
	c.problem("there is no device %q in the fleet (declare it first)", id)
	return nil
}

func (c *call) groupNames() string {
	if len(c.b.sc.Fleet) == 0 {
		return " (the fleet is empty so far)"
	}
	s := " (groups:"
	for i, g := range c.b.sc.Fleet {
		if i > 0 {
			s += ","
		}
		s += fmt.Sprintf(" %q", g.Name)
	}
	return s + ")"
}

package steps

import (
	"cmp"
	"strconv"
	"strings"

	"github.com/hubspec/hubspec/runner"
)

const sectionFleet = "The fleet"

var fleetSteps = []Definition{
	{
		Section: sectionFleet, Kind: Setup,
		Phrase:      `a[n] [{state} ][{transport} ]device {id}[ that {settles} every message]`,
		Description: "One device, named by its id. It connects over AMQP, is online from the start and completes every message unless the step says otherwise.",
		Example:     `Given an offline MQTT device "meter-1"`,
		build:       buildDevice,
	},
	{
		Section: sectionFleet, Kind: Setup,
		Phrase:      `a group {name} of {n} [{state} ][{transport} ]devices {id}`,
		Description: "A group of devices that behave alike; the id uses {n}, the device's number from 1. Steps name the group by its name.",
		Example:     `Given a group "thermostats" of 100 devices "thermostat-{n}"`,
		build:       buildNamedGroup,
	},
	{
		Section: sectionFleet, Kind: Setup,
		Phrase:      `{n} [{state} ][{transport} ]devices {id}`,
		Description: "A group of devices named by their id template as written.",
		Example:     `Given 3 offline devices "pump-{n}"`,
		build:       buildGroup,
	},
	{
		Section: sectionFleet, Kind: Setup, Argument: Table,
		Phrase: `the fleet`,
		Description: "The fleet as a table, one group per row. Columns: `id` (required), `group`, `count`, `transport`, " +
			"`online` (true or false), `settle` (`complete`, or a sequence such as `abandon, abandon, complete`) and `delay` " +
			"(how long a device holds a message before it settles it), as the YAML fleet's keys.",
		Example: "Given the fleet:\n" +
			"  | group       | id             | count | transport | online | settle                     | delay |\n" +
			"  | thermostats | thermostat-{n} | 100   | amqp      | true   | complete                   |       |\n" +
			"  | legacy      | legacy-{n}     | 5     | amqp      | false  | abandon, abandon, complete | 250ms |",
		build: buildFleetTable,
	},
}

func buildDevice(c *call) {
	id := c.arg("id")
	g := c.newGroup(id.text, id, 1)
	if v := c.arg("settles"); v.given() {
		g.Behaviour.Default = runner.Settlement{At: c.at(), Sequence: c.settlement(v)}
		c.b.settingAt[behaviourKey(g)] = c.at()
	}
}

func buildNamedGroup(c *call) {
	c.newGroup(c.arg("name").text, c.arg("id"), c.number(c.arg("n"), 1, runner.MaxFleet))
}

func buildGroup(c *call) {
	id := c.arg("id")
	c.newGroup(id.text, id, c.number(c.arg("n"), 1, runner.MaxFleet))
}

// newGroup adds a group to the fleet with the step's state and transport.
func (c *call) newGroup(name string, id value, count int) *runner.Group {
	g := &runner.Group{At: c.at(), Name: strings.TrimSpace(name), Count: count, Transport: runner.AMQP}
	g.ID = c.template("device id", id, runner.FleetPlaces)
	g.Offline = c.arg("state").text == "offline"
	if t := c.arg("transport"); t.given() {
		g.Transport, _ = enumValue(c, "transport", t, runner.Transports)
	}
	c.b.sc.Fleet = append(c.b.sc.Fleet, g)
	return g
}

var fleetColumns = []string{"group", "id", "count", "transport", "online", "settle", "delay"}

func buildFleetTable(c *call) {
	for _, r := range c.records(fleetColumns, []string{"id"}, false) {
		c.fleetRow(r)
	}
}

// fleetRow adds the group one row of the fleet table describes.
func (c *call) fleetRow(r record) {
	id := r.values["id"]
	g := &runner.Group{At: r.at, Count: 1, Transport: runner.AMQP}
	if id.given() {
		g.ID = c.template("id", id, runner.FleetPlaces)
	}
	g.Name = cmp.Or(strings.TrimSpace(r.values["group"].text), g.ID.String())
	if v, ok := r.values["count"]; ok {
		g.Count = c.number(v, 1, runner.MaxFleet)
	}
	if v, ok := r.values["transport"]; ok {
		g.Transport, _ = enumValue(c, "transport", v, runner.Transports)
	}
	if v, ok := r.values["online"]; ok {
		g.Offline = !c.boolean(v)
	}
	g.Behaviour.Default = runner.Settlement{At: r.at, Delay: c.duration(r.values["delay"])}
	if v, ok := r.values["settle"]; ok {
		g.Behaviour.Default.Sequence = c.settlement(v)
	}
	if r.values["settle"].given() || r.values["delay"].given() {
		c.b.settingAt[behaviourKey(g)] = r.at
	}
	c.b.sc.Fleet = append(c.b.sc.Fleet, g)
}

// boolean reads true or false (yes and no too).
func (c *call) boolean(v value) bool {
	switch strings.ToLower(strings.TrimSpace(v.text)) {
	case "yes":
		return true
	case "no":
		return false
	}
	b, err := strconv.ParseBool(strings.ToLower(strings.TrimSpace(v.text)))
	if err != nil {
		c.problemAt(v.at, "want true or false, got %q", v.raw)
	}
	return b
}

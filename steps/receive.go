package steps

import (
	"github.com/hubspec/hubspec/runner"
)

const sectionReceive = "Expectations: what devices receive"

var receiveSteps = []Definition{
	{
		Section: sectionReceive, Kind: Expectation,
		Phrase: `{devices} receive[s] {count} message[s][ in {order}][ within {duration}]`,
		Description: "Holds when each selected device has received that many distinct messages since the scenario " +
			"started (in the order they were sent, if the step says so). Like every expectation it holds as soon as it " +
			"can; `within` is its deadline.",
		Example: `Then group "lights" receives 20 messages in the order they were sent within 15s`,
		build:   buildReceiveCount,
	},
	{
		Section: sectionReceive, Kind: Expectation, Argument: Table,
		Phrase: `{devices} receive[s] {count} message[s][ within {duration}] with`,
		Description: "Holds when each selected device has received that many messages (`a`, `1` or `at least 1`), " +
			"one of them with the [fields](#message-fields) the table lists.",
		Example: "Then device \"thermostat-1\" receives 1 message with:\n" +
			"  | messageId         | setpoint-{run}     |\n" +
			"  | property priority | high               |\n" +
			"  | body json         | {\"setpoint\": 21.5} |",
		build: buildReceiveOne,
	},
	{
		Section: sectionReceive, Kind: Expectation, Argument: OptionalTable,
		Phrase: `{devices} receive[s] message {name}[ within {duration}][ with]`,
		Description: "Holds when each selected device has received the message of the send named NAME (one message per " +
			"device), with the [fields](#message-fields) of the table, if there is one.",
		Example: "Then device \"thermostat-1\" receives message \"setpoint\" with:\n" +
			"  | correlationId     | job-42 |\n" +
			"  | property priority | high   |",
		build: buildReceiveNamed,
	},
	{
		Section: sectionReceive, Kind: Expectation, Argument: Table,
		Phrase: `{devices} receive[s] these messages[ in {order}][ within {duration}]`,
		Description: "Holds when each selected device has received a message for each row of the table, whose header " +
			"names [fields](#message-fields) (an empty cell checks nothing). `in this order`: the messages, in the " +
			"order they arrived, match the rows in turn; otherwise each row matches a different message.",
		Example: "Then device \"light-3\" receives these messages in this order:\n" +
			"  | messageId           | property seq |\n" +
			"  | seq-{run}-light-3-1 | 1            |\n" +
			"  | seq-{run}-light-3-2 | 2            |",
		build: buildReceiveList,
	},
	{
		Section: sectionReceive, Kind: Expectation, Argument: Table,
		Phrase: `{devices} receive[s] {count} message[s][ in {order}][ within {duration}], including these`,
		Description: "Holds when each selected device has received that many messages, among them one for each row " +
			"of the table (as `receives these messages` reads it).",
		Example: "Then device \"tracker-1\" receives 2 messages, including these:\n" +
			"  | messageId   |\n" +
			"  | away-{run}  |",
		build: buildReceiveIncluding,
	},
	{
		Section: sectionReceive, Kind: Expectation,
		Phrase:      `{devices} receive[s] (no further message|nothing) (for|during|within) {duration}`,
		Description: "Holds when the selected devices receive nothing during the window, from when the step starts.",
		Example:     `Then device "sensor-1" receives no further message for 1s`,
		build:       buildNoMessage,
	},
}

func (c *call) receive(count runner.Count, order runner.Order, ms []runner.MessageMatch) {
	c.b.add(&runner.ExpectReceive{
		At: c.at(), Source: c.source(), Devices: c.selector(c.arg("devices")), Count: count, Order: order,
		Messages: ms, Within: c.duration(c.arg("duration")),
	})
}

func buildReceiveCount(c *call) {
	c.receive(c.count(c.arg("count")), c.order(), nil)
}

// buildReceiveOne expects a message described by a table of fields. The table
// describes one message, so the count may not ask for more than one.
func buildReceiveOne(c *call) {
	n := c.count(c.arg("count"))
	if n.Min > 1 {
		c.problem("a table of fields describes one message, so expect 1, a or at least 1 message; for more, list them with \"including these\"")
	}
	c.receive(n, runner.OrderAny, []runner.MessageMatch{c.matchTable(c.pairs("field", "value"))})
}

func buildReceiveList(c *call) {
	ms := c.matchRows()
	c.receive(runner.AtLeast(len(ms)), c.order(), ms)
}

func buildReceiveIncluding(c *call) {
	c.receive(c.count(c.arg("count")), c.order(), c.matchRows())
}

// matchRows reads a table whose header names fields: a message match per row.
func (c *call) matchRows() []runner.MessageMatch {
	var ms []runner.MessageMatch
	for _, r := range c.records(nil, nil, true) {
		m := runner.MessageMatch{At: r.at}
		for _, col := range r.columns {
			if v, ok := r.values[col]; ok {
				c.addMatch(&m, col, v)
			}
		}
		ms = append(ms, m)
	}
	return ms
}

// buildReceiveNamed expects the message of an earlier send, by the id it was sent with.
func buildReceiveNamed(c *call) {
	name := c.arg("name")
	send := c.b.send(name.text)
	switch {
	case send == nil:
		c.problem("there is no send %q before this step", name.raw)
		return
	case send.Count != 1:
		c.problem("send %q sends %d messages to each device; list them with \"receives these messages\"", name.raw, send.Count)
		return
	}
	m := runner.MessageMatch{At: c.at()}
	if c.step.table != nil {
		m = c.matchTable(c.pairs("field", "value"))
	}
	id := runner.SystemMatch{Name: runner.PropMessageID, Match: runner.TextMatch{At: c.at(), Op: runner.Equals, Text: send.MessageID}}
	m.System = append([]runner.SystemMatch{id}, m.System...)
	c.receive(runner.AtLeast(1), runner.OrderAny, []runner.MessageMatch{m})
}

func buildNoMessage(c *call) {
	c.b.add(&runner.ExpectNoMessage{At: c.at(), Source: c.source(), Devices: c.selector(c.arg("devices")), For: c.duration(c.arg("duration"))})
}

// order reads the optional {order}.
func (c *call) order() runner.Order {
	switch c.arg("order").text {
	case "this order", "the order listed":
		return runner.OrderListed
	case "the order they were sent":
		return runner.OrderSent
	}
	return runner.OrderAny
}

// send finds the last send step called label so far.
func (b *builder) send(label string) *runner.Send {
	for i := len(b.sc.Steps) - 1; i >= 0; i-- {
		if s, ok := b.sc.Steps[i].(*runner.Send); ok && s.Label == label {
			return s
		}
	}
	return nil
}

package steps

import (
	"github.com/hubspec/hubspec/runner"
)

const sectionExpect = "Expectations: settlements, sends and queues"

var otherExpectSteps = []Definition{
	{
		Section: sectionExpect, Kind: Expectation,
		Phrase: `{devices} (has|have) {settled} {count} (messages|message|deliveries|delivery|times|time)[ within {duration}]`,
		Description: "Holds when the selected devices' settlements since the scenario started, of that disposition, " +
			"number as many. Each delivery counts: a message abandoned twice is two abandons.",
		Example: `Then device "sensor-1" has abandoned 5 times`,
		build:   buildDispositions,
	},
	{
		Section: sectionExpect, Kind: Expectation, Argument: Table,
		Phrase:      `{devices} (has|have) settled[ within {duration}]`,
		Description: "Holds when the selected devices' settlements, counted by disposition, are as the table says.",
		Example:     "Then group \"gateways\" has settled within 20s:\n  | disposition | count |\n  | complete    | 6     |\n  | reject      | 3     |\n  | abandon     | 6     |",
		build:       buildDispositionTable,
	},
	{
		Section: sectionExpect, Kind: Expectation,
		Phrase:      `the hub (answers|answered) {count} send[s] of {messages}[ sent to {devices}] with {outcome}`,
		Description: "Holds when that many sends of the messages got the outcome. Sends answer at once, so there is no deadline.",
		Example:     `Then the hub answered 1 send of message "ghost" with DeviceNotFound`,
		build:       buildSendOutcome,
	},
	{
		Section: sectionExpect, Kind: Expectation, Argument: Table,
		Phrase:      `the hub (answers|answered) the sends of {messages}[ sent to {devices}] with`,
		Description: "Holds when the sends of the messages, counted by outcome, are as the table says.",
		Example:     "Then the hub answered the sends of message \"ghost\" with:\n  | outcome        | count |\n  | DeviceNotFound | 1     |\n  | Accepted       | none  |",
		build:       buildSendOutcomeTable,
	},
	{
		Section: sectionExpect, Kind: Expectation,
		Phrase: `the [C2D ]queue of {devices} holds {count} message[s][ within {duration}]`,
		Description: "Holds when each selected device's C2D queue on the hub holds that many messages (the registry's " +
			"cloudToDeviceMessageCount). Messages it accounts for end the scenario in a known state: still queued.",
		Example: `Then the queue of device "lamp-1" holds 50 messages`,
		build:   buildQueued,
	},
}

func buildDispositions(c *call) {
	d := verbs[c.arg("settled").text]
	c.b.add(&runner.ExpectDispositions{
		At: c.at(), Source: c.source(), Devices: c.selector(c.arg("devices")),
		Counts: map[runner.Disposition]runner.Count{d: c.count(c.arg("count"))},
		Within: c.duration(c.arg("duration")),
	})
}

func buildDispositionTable(c *call) {
	counts := map[runner.Disposition]runner.Count{}
	for _, e := range c.pairs("disposition", "count") {
		key := value{at: e.val.at, raw: e.key, text: e.key}
		if d, ok := verbs[e.key]; ok {
			counts[d] = c.tableCount(e.val)
		} else if d, ok := enumValue(c, "disposition", key, runner.Dispositions); ok {
			counts[d] = c.tableCount(e.val)
		}
	}
	c.b.add(&runner.ExpectDispositions{At: c.at(), Source: c.source(), Devices: c.selector(c.arg("devices")), Counts: counts, Within: c.duration(c.arg("duration"))})
}

func buildSendOutcome(c *call) {
	counts := map[runner.SendOutcome]runner.Count{}
	if o, ok := enumValue(c, "outcome", c.arg("outcome"), runner.SendOutcomes); ok {
		counts[o] = c.count(c.arg("count"))
	}
	c.b.add(&runner.ExpectSendOutcomes{At: c.at(), Source: c.source(), Messages: c.messageSet(), Counts: counts})
}

func buildSendOutcomeTable(c *call) {
	counts := map[runner.SendOutcome]runner.Count{}
	for _, e := range c.pairs("outcome", "count") {
		if o, ok := enumValue(c, "outcome", value{at: e.val.at, raw: e.key, text: e.key}, runner.SendOutcomes); ok {
			counts[o] = c.tableCount(e.val)
		}
	}
	c.b.add(&runner.ExpectSendOutcomes{At: c.at(), Source: c.source(), Messages: c.messageSet(), Counts: counts})
}

func buildQueued(c *call) {
	c.b.add(&runner.ExpectQueued{
		At: c.at(), Source: c.source(), Devices: c.selector(c.arg("devices")),
		Count: c.count(c.arg("count")), Within: c.duration(c.arg("duration")),
	})
}

package steps

import (
	"strings"

	"github.com/hubspec/hubspec/runner"
)

const sectionActions = "Connections, purges and time"

var actionSteps = []Definition{
	{
		Section: sectionActions, Kind: Action,
		Phrase:      `{devices} (connects|connect|comes online|come online)`,
		Description: "Brings offline devices online: they connect and start receiving what waits in their queues.",
		Example:     `When device "meter-1" connects`,
		build:       buildConnect,
	},
	{
		Section: sectionActions, Kind: Action,
		Phrase:      `{devices} (disconnects|disconnect|goes offline|go offline)`,
		Description: "Takes devices offline. Their queues stay on the hub; a message a device held unsettled returns to its queue.",
		Example:     `When device "tracker-1" disconnects`,
		build:       buildDisconnect,
	},
	{
		Section: sectionActions, Kind: Action,
		Phrase:      `(the back end|the service) purges the [C2D ]queue of {devices}`,
		Description: "Empties the devices' C2D queues on the hub (Purged feedback for messages sent with ack negative or full).",
		Example:     `When the back end purges the queue of device "door-1"`,
		build:       buildPurge,
	},
	{
		Section: sectionActions, Kind: Action,
		Phrase: `{duration} pass[es] (so that|because|to|for) {reason}`,
		Description: "Lets time pass, for a stated reason. Expectations wait for their own conditions; this is for when " +
			"time itself must pass, such as a lock expiring.",
		Example: `When 2s pass so that the lock on the ignored message expires`,
		build:   buildWait,
	},
}

func buildConnect(c *call) {
	c.b.add(&runner.Connect{At: c.at(), Source: c.source(), Devices: c.selector(c.arg("devices"))})
}

func buildDisconnect(c *call) {
	c.b.add(&runner.Disconnect{At: c.at(), Source: c.source(), Devices: c.selector(c.arg("devices"))})
}

func buildPurge(c *call) {
	c.b.add(&runner.Purge{At: c.at(), Source: c.source(), Devices: c.selector(c.arg("devices"))})
}

func buildWait(c *call) {
	c.b.add(&runner.Wait{At: c.at(), Source: c.source(), For: c.duration(c.arg("duration")), Reason: strings.TrimSpace(c.arg("reason").text)})
}

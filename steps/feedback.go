package steps

import (
	"strings"

	"github.com/hubspec/hubspec/runner"
)

const sectionFeedback = "Expectations: feedback"

var feedbackSteps = []Definition{
	{
		Section: sectionFeedback, Kind: Expectation,
		Phrase: `(the back end|the service) gets {status} feedback for {messages}[ sent to {devices}][ with id {text}][ within {duration}]`,
		Description: "Holds when every selected message the hub accepted gets a feedback record with the status. " +
			"`no` feedback holds when none arrives during the `within` window. `sent to` and `with id` narrow the " +
			"messages. The deadline must be longer than the hub's feedback batching (15s on Azure).",
		Example: `Then the service gets Success feedback for message "setpoint" within 30s`,
		build:   buildFeedback,
	},
	{
		Section: sectionFeedback, Kind: Expectation, Argument: Table,
		Phrase:      `(the back end|the service) gets feedback for {messages}[ sent to {devices}][ with id {text}][ within {duration}]`,
		Description: "Holds when the feedback records for the messages, counted by status, are as the table says.",
		Example:     "Then the service gets feedback for message \"tariff\" within 90s:\n  | status  | count |\n  | Success | 1000  |",
		build:       buildFeedbackCounts,
	},
	{
		Section: sectionFeedback, Kind: Expectation, Argument: Table,
		Phrase: `(the back end|the service) gets this feedback[ within {duration}]`,
		Description: "The feedback of several sends, a row each: columns `message` (the send's name) and `status` " +
			"(as above; `no` needs a `within` column or the step's).",
		Example: "Then the service gets this feedback:\n  | message  | status   |\n  | setpoint | Success  |\n  | close    | Rejected |",
		build:   buildFeedbackTable,
	},
}

// messageSet reads {messages} and the optional narrowing by devices and id.
func (c *call) messageSet() runner.MessageSet {
	set := runner.MessageSet{Send: messagesLabel(c.arg("messages").text)}
	if v := c.arg("devices"); v.given() {
		set.Devices = c.selector(v)
	}
	if v := c.arg("text"); v.given() {
		set.MessageID = c.template("message id", v, runner.MessagePlaces)
	}
	return set
}

// messagesLabel reads a {messages}: message "NAME" or messages "NAME" name a send;
// every message is every send before the step.
func messagesLabel(text string) string {
	text = strings.TrimSpace(text)
	for _, prefix := range []string{"messages ", "message "} {
		if rest, ok := strings.CutPrefix(text, prefix); ok {
			return unquote(rest)
		}
	}
	return ""
}

func buildFeedback(c *call) {
	c.feedback(c.at(), c.messageSet(), c.arg("status"), c.arg("duration"))
}

// feedback adds the expectation of one status, or of none during a window.
func (c *call) feedback(at runner.Pos, set runner.MessageSet, status, within value) {
	d := c.duration(within)
	if strings.EqualFold(strings.TrimSpace(status.text), "no") {
		if !within.given() {
			c.problemAt(at, "no feedback holds over a window: add \"within 3s\" (or a within column)")
		}
		c.b.add(&runner.ExpectNoFeedback{At: at, Source: c.source(), Messages: set, For: d})
		return
	}
	st, _ := enumValue(c, "feedback status", status, runner.FeedbackStatuses)
	c.b.add(&runner.ExpectFeedback{At: at, Source: c.source(), Messages: set, Status: st, Within: d})
}

func buildFeedbackCounts(c *call) {
	counts := map[runner.FeedbackStatus]runner.Count{}
	for _, e := range c.pairs("status", "count") {
		if st, ok := enumValue(c, "feedback status", value{at: e.val.at, raw: e.key, text: e.key}, runner.FeedbackStatuses); ok {
			counts[st] = c.tableCount(e.val)
		}
	}
	c.b.add(&runner.ExpectFeedbackCounts{At: c.at(), Source: c.source(), Messages: c.messageSet(), Counts: counts, Within: c.duration(c.arg("duration"))})
}

func buildFeedbackTable(c *call) {
	for _, r := range c.records([]string{"message", "status", "within"}, []string{"message", "status"}, false) {
		within, ok := r.values["within"]
		if !ok {
			within = c.arg("duration")
		}
		msg, status := r.values["message"], r.values["status"]
		if !msg.given() || !status.given() {
			c.problemAt(r.at, "each row names a message and a status")
			continue
		}
		c.feedback(r.at, runner.MessageSet{Send: strings.TrimSpace(msg.text)}, status, within)
	}
}

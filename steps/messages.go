package steps

import (
	"fmt"
	"strings"

	"github.com/hubspec/hubspec/runner"
)

const sectionMessages = "Messages and sends"

var messageSteps = []Definition{
	{
		Section: sectionMessages, Kind: Message, Argument: Table,
		Phrase: `message {name} has`,
		Description: "Describes a message before a later step sends it by its name. The table lists its fields, " +
			"one per row: `messageId`, `correlationId` (templates: `{run}`, `{device}`, `{i}`, …), `contentType`, " +
			"`contentEncoding`, `ack`, `ttl`, `expiry` (RFC 3339), `outcome` (what the hub must answer), " +
			"`body`, `body json`, `body base64`, `body file` (relative to the feature file) and `property NAME`.",
		Example: "Given message \"setpoint\" has:\n" +
			"  | messageId         | setpoint-{run} |\n" +
			"  | correlationId     | job-42         |\n" +
			"  | property priority | high           |\n" +
			"  | ack               | full           |",
		build: buildDraftFields,
	},
	{
		Section: sectionMessages, Kind: Message, Argument: Table,
		Phrase:      `message {name} has [the ]properties`,
		Description: "The message's application properties: a table of names and values (templates).",
		Example:     "Given message \"setpoint\" has the properties:\n  | priority | high    |\n  | region   | eu-west |",
		build:       buildDraftProperties,
	},
	{
		Section: sectionMessages, Kind: Message, Argument: DocString,
		Phrase: `message {name} has [the ]body`,
		Description: "The message's body, as the doc string holds it. With `\"\"\"json` it must be JSON and is sent " +
			"compact, keys in order; with `\"\"\"base64` it is decoded to bytes. Bodies are never templates.",
		Example: "Given message \"setpoint\" has the body:\n  \"\"\"json\n  {\"setpoint\": 21.5}\n  \"\"\"",
		build:   buildDraftBody,
	},
	{
		Section: sectionMessages, Kind: Action,
		Phrase: `(the back end|the service) sends {message} to {devices}[ with ack {ack}][ and the hub refuses (it|them) with {outcome}]`,
		Description: "Sends C2D messages: to each selected device, one message or as many as written. A named message " +
			"takes what `message \"NAME\" has` said of it, and later steps refer to the send by that name. " +
			"Every send must be accepted unless the step says how the hub refuses it. Message ids default to " +
			"`{run}-s<step>-{device}-{i}`.",
		Example: `When the back end sends message "setpoint" to device "thermostat-1" with ack full`,
		build:   buildSend,
	},
	{
		Section: sectionMessages, Kind: Action, Argument: Table,
		Phrase:      `(the back end|the service) sends {message} to {devices} with`,
		Description: "Sends messages whose fields the table lists, as `message \"NAME\" has` does.",
		Example:     "When the back end sends 3 messages \"burst\" to group \"thermostats\" with:\n  | messageId | burst-{run}-{device}-{i} |\n  | ttl       | 30s                      |",
		build:       buildSendWith,
	},
	{
		Section: sectionMessages, Kind: Action, Argument: DocString,
		Phrase:      `(the back end|the service) sends {message} to {devices} with [the ]body`,
		Description: "Sends messages with the doc string as their body, as `message \"NAME\" has the body` reads it.",
		Example:     "When the service sends a message to device \"valve-1\" with the body:\n  \"\"\"\n  close\n  \"\"\"",
		build:       buildSendBody,
	},
}

// draft is a message described before it is sent.
type draft struct {
	send runner.Send
}

// draft returns the draft called name, creating it.
func (c *call) draft(name string) *draft {
	d, ok := c.b.drafts[name]
	if !ok {
		d = &draft{send: runner.Send{Keys: runner.KeyPos{}, Ack: runner.AckNone, Outcome: runner.Accepted}}
		c.b.drafts[name] = d
	}
	return d
}

func buildDraftFields(c *call) {
	d := c.draft(c.arg("name").text)
	for _, e := range c.pairs("field", "value") {
		c.sendField(&d.send, e)
	}
}

func buildDraftProperties(c *call) {
	d := c.draft(c.arg("name").text)
	c.properties(&d.send, c.pairs("name", "value"))
}

func buildDraftBody(c *call) {
	d := c.draft(c.arg("name").text)
	c.docBody(&d.send)
}

func buildSend(c *call) {
	s := c.newSend()
	if v := c.arg("ack"); v.given() {
		s.Ack, _ = enumValue(c, "ack", v, runner.AckModes)
		s.Keys["ack"] = c.at()
	}
	if v := c.arg("outcome"); v.given() {
		s.Outcome, _ = enumValue(c, "outcome", v, runner.SendOutcomes)
		s.Keys["outcome"] = c.at()
	}
	c.b.add(s)
}

func buildSendWith(c *call) {
	s := c.newSend()
	for _, e := range c.pairs("field", "value") {
		c.sendField(s, e)
	}
	c.b.add(s)
}

func buildSendBody(c *call) {
	s := c.newSend()
	c.docBody(s)
	c.b.add(s)
}

// newSend starts the send a step describes: its devices, how many messages, and what a
// named message's draft says of them.
func (c *call) newSend() *runner.Send {
	label, count := c.messagePhrase(c.arg("message"))
	s := &runner.Send{Keys: runner.KeyPos{}, Ack: runner.AckNone, Outcome: runner.Accepted}
	if d, ok := c.b.drafts[label]; ok && label != "" {
		*s = d.send
		s.Keys = copyKeys(d.send.Keys)
		s.Properties = append([]runner.Property(nil), d.send.Properties...)
	}
	s.At, s.Source, s.Label, s.Count = c.at(), c.source(), label, count
	s.To = c.selector(c.arg("devices"))
	if s.MessageID.IsZero() {
		s.MessageID, _ = runner.ParseTemplate(fmt.Sprintf("{run}-s%d-{device}-{i}", len(c.b.sc.Steps)+1), runner.MessagePlaces)
	}
	return s
}

func copyKeys(k runner.KeyPos) runner.KeyPos {
	out := runner.KeyPos{}
	for key, p := range k {
		out[key] = p
	}
	return out
}

// messagePhrase reads a {message}: a message, message "NAME", 3 messages or
// 3 messages "NAME".
func (c *call) messagePhrase(v value) (label string, count int) {
	text := strings.TrimSpace(v.text)
	switch {
	case text == "a message":
		return "", 1
	case strings.HasPrefix(text, "message "):
		return unquote(strings.TrimPrefix(text, "message ")), 1
	}
	n, name, _ := strings.Cut(text, " messages")
	count = c.number(value{at: v.at, raw: v.raw, text: n}, 1, runner.MaxSendCount)
	return unquote(name), count
}

package steps

import (
	"bytes"
	"encoding/json"
	"strings"

	"github.com/hubspec/hubspec/hub/core"
	"github.com/hubspec/hubspec/runner"
)

const sectionHub = "The hub, variables and deadlines"

var hubSteps = []Definition{
	{
		Section: sectionHub, Kind: Setup,
		Phrase: `the hub's [C2D ]{setting} is {value}`,
		Description: "A hub setting, named as in Azure's `properties.cloudToDevice` (`maxDeliveryCount`, `defaultTtlAsIso8601`, " +
			"`feedback.lockDurationAsIso8601`, `feedback.ttlAsIso8601`, `feedback.maxDeliveryCount`) or the emulator's " +
			"(`emulator.profile`, `emulator.feedbackBatchInterval`, `emulator.lockDuration`, `emulator.throttling.tier`, " +
			"`emulator.throttling.units`). The embedded hub runs with it; a real hub is assumed to have it, so write it " +
			"as a variable to check a configuration change.",
		Example: `Given the hub's C2D maxDeliveryCount is 5`,
		build:   buildSetting,
	},
	{
		Section: sectionHub, Kind: Setup,
		Phrase:      `the embedded hub's {setting} is {value}`,
		Description: "An emulator setting (`profile`, `feedbackBatchInterval`, `lockDuration`, `throttling.tier`, `throttling.units`); a real hub ignores it.",
		Example:     `Given the embedded hub's lockDuration is 1s`,
		build:       buildEmulatorSetting,
	},
	{
		Section: sectionHub, Kind: Setup, Argument: DocString,
		Phrase: `the hub's cloudToDevice settings are`,
		Description: "Azure's `properties.cloudToDevice` block as JSON, as an ARM template or the resource provider's REST API has it " +
			"(durations in ISO 8601).",
		Example: "Given the hub's cloudToDevice settings are:\n" +
			"  \"\"\"json\n" +
			"  {\"maxDeliveryCount\": 10, \"defaultTtlAsIso8601\": \"PT1H\",\n" +
			"   \"feedback\": {\"lockDurationAsIso8601\": \"PT1M\", \"ttlAsIso8601\": \"PT1H\", \"maxDeliveryCount\": 10}}\n" +
			"  \"\"\"",
		build: buildCloudToDevice,
	},
	{
		Section: sectionHub, Kind: Setup,
		Phrase: `the variable {name} defaults to {text}`,
		Description: "A default for `${NAME}` in the steps after it; `--var NAME=VALUE` and the environment override it. " +
			"Problems quote `${NAME}`, never its value.",
		Example: `Given the variable "maxDeliveryCount" defaults to "5"`,
		build:   buildVariable,
	},
	{
		Section: sectionHub, Kind: Setup, Argument: Table,
		Phrase:      `the variables default to`,
		Description: "Defaults for several variables: a table of names and values.",
		Example:     "Given the variables default to:\n  | maxDeliveryCount | 5  |\n  | region           | eu |",
		build:       buildVariables,
	},
	{
		Section: sectionHub, Kind: Setup,
		Phrase:      `expectations wait at most {duration}`,
		Description: "The deadline of every expectation that sets none (otherwise 10s, and 30s for feedback).",
		Example:     `Given expectations wait at most 15s`,
		build:       buildWithin,
	},
}

// setting is one hub setting a step can name: its key as core names it and how to
// store a value.
type setting struct {
	key string
	set func(c *call, cfg *core.Config, v value)
}

var settings = []setting{
	{"cloudToDevice.maxDeliveryCount", func(c *call, cfg *core.Config, v value) {
		cfg.CloudToDevice.MaxDeliveryCount = c.number(v, 1, maxSetting)
	}},
	{"cloudToDevice.defaultTtlAsIso8601", func(c *call, cfg *core.Config, v value) { cfg.CloudToDevice.DefaultTTL = c.hubDuration(v) }},
	{"cloudToDevice.feedback.lockDurationAsIso8601", func(c *call, cfg *core.Config, v value) { cfg.CloudToDevice.Feedback.LockDuration = c.hubDuration(v) }},
	{"cloudToDevice.feedback.ttlAsIso8601", func(c *call, cfg *core.Config, v value) { cfg.CloudToDevice.Feedback.TTL = c.hubDuration(v) }},
	{"cloudToDevice.feedback.maxDeliveryCount", func(c *call, cfg *core.Config, v value) {
		cfg.CloudToDevice.Feedback.MaxDeliveryCount = c.number(v, 1, maxSetting)
	}},
	{"emulator.profile", func(c *call, cfg *core.Config, v value) { cfg.Emulator.Profile = core.Profile(strings.ToLower(v.text)) }},
	{"emulator.feedbackBatchInterval", func(c *call, cfg *core.Config, v value) { cfg.Emulator.FeedbackBatchInterval = c.hubDuration(v) }},
	{"emulator.lockDuration", func(c *call, cfg *core.Config, v value) { cfg.Emulator.LockDuration = c.hubDuration(v) }},
	{"emulator.throttling.tier", func(c *call, cfg *core.Config, v value) { cfg.Emulator.Throttling.Tier = v.text }},
	{"emulator.throttling.units", func(c *call, cfg *core.Config, v value) { cfg.Emulator.Throttling.Units = c.number(v, 1, maxSetting) }},
}

// maxSetting bounds the whole numbers of hub settings; their ranges are core's.
const maxSetting = 1_000_000

func buildSetting(c *call) { c.setting(c.arg("setting"), c.arg("value")) }

func buildEmulatorSetting(c *call) {
	name := c.arg("setting")
	name.text = "emulator." + strings.TrimPrefix(name.text, "emulator.")
	c.setting(name, c.arg("value"))
}

// setting stores one hub setting, recording where it was set so that problems with
// it point at this step.
func (c *call) setting(name, v value) {
	s, ok := findSetting(name.text)
	if !ok {
		keys := make([]string, len(settings))
		for i, s := range settings {
			keys[i] = strings.TrimPrefix(s.key, "cloudToDevice.")
		}
		c.problem("unknown hub setting %q%s", name.raw, suggestWord(strings.TrimPrefix(name.text, "cloudToDevice."), keys))
		return
	}
	h := &c.b.sc.Hub
	if h.At == (runner.Pos{}) {
		h.At = c.at()
	}
	if h.Keys == nil {
		h.Keys = runner.KeyPos{}
	}
	h.Keys[s.key] = c.at()
	s.set(c, &h.Config, v)
}

// findSetting finds a setting by its key, with or without the cloudToDevice prefix.
func findSetting(name string) (setting, bool) {
	for _, s := range settings {
		if strings.EqualFold(name, s.key) || strings.EqualFold("cloudToDevice."+name, s.key) {
			return s, true
		}
	}
	return setting{}, false
}

// hubDuration reads an ISO-8601 duration (PT1H) or a Go one (1h).
func (c *call) hubDuration(v value) core.Duration {
	d, err := core.ParseDuration(v.text)
	if err != nil || d <= 0 {
		c.problemAt(v.at, "want a positive ISO-8601 duration such as PT1H, PT30S or P2D, got %q", v.raw)
		return 0
	}
	return core.Duration(d)
}

func buildCloudToDevice(c *call) {
	doc := c.step.doc
	text, ok := c.value(doc.at, doc.content)
	if !ok {
		return
	}
	var c2d core.CloudToDevice
	dec := json.NewDecoder(bytes.NewReader([]byte(text.text)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&c2d); err != nil {
		c.problemAt(doc.at, "cloudToDevice settings: %s", c.explain(text, err))
		return
	}
	h := &c.b.sc.Hub
	h.At, h.Config.CloudToDevice = doc.at, c2d
	if h.Keys == nil {
		h.Keys = runner.KeyPos{}
	}
	for _, s := range settings {
		if strings.HasPrefix(s.key, "cloudToDevice.") {
			h.Keys[s.key] = doc.at
		}
	}
}

func buildVariable(c *call) {
	c.variable(c.arg("name"), c.arg("text"))
}

func buildVariables(c *call) {
	for _, e := range c.pairs("name", "value") {
		c.variable(value{at: e.val.at, raw: e.key, text: e.key}, e.val)
	}
}

// variable records a default for the steps after this one.
func (c *call) variable(name, v value) {
	if !runner.ValidVarName(name.text) {
		c.problemAt(name.at, "variable %q: a variable name is letters, digits and _, not starting with a digit", name.raw)
		return
	}
	c.b.vars.Defaults[name.text] = v.text
	c.b.vars.Seen[name.text], _ = c.b.vars.Lookup(name.text)
}

func buildWithin(c *call) {
	c.b.sc.Within = c.duration(c.arg("duration"))
}

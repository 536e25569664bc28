package scenario

import (
	"maps"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/hubspec/hubspec/hub/core"
	"github.com/hubspec/hubspec/runner"
)

// scenario decodes a document's root mapping.
func (d *decoder) scenario(root *yaml.Node) *runner.Scenario {
	f := d.fields(root, "scenario", scenarioKeys)
	sc := &runner.Scenario{At: d.pos(root), Keys: f.keys}
	d.variables(f)
	f.require("scenario")
	sc.Name = strings.TrimSpace(f.str("scenario"))
	if f.has("scenario") {
		sc.At = f.keys["scenario"]
	}
	sc.Description = f.str("description")
	sc.Tags = d.tags(f)
	sc.Within = f.duration("within")
	if f.has("hub") {
		sc.Hub = d.hub(f.vals["hub"], f.keys["hub"])
	}
	if f.has("fleet") {
		sc.Fleet = d.fleet(f.vals["fleet"])
	}
	if f.require("steps") {
		sc.Steps = d.steps(f.vals["steps"])
	}
	sc.Vars = d.vars.Seen
	return sc
}

// variables reads the vars block (the scenario's defaults) and sets up ${VAR}
// expansion for everything after it.
func (d *decoder) variables(f *fields) {
	defaults := map[string]string{}
	if n := f.vals["vars"]; n != nil && n.Kind != yaml.MappingNode {
		d.errorf(n, "vars: want a mapping of NAME: value, got %s", describe(n))
	} else if n != nil {
		d.varDefaults(n, defaults)
	}
	d.vars = runner.Variables{Overrides: d.opts.Vars, Env: d.opts.Env, Defaults: defaults, Seen: map[string]string{}}
	for name := range defaults {
		d.vars.Seen[name], _ = d.vars.Lookup(name)
	}
}

// varDefaults reads the vars mapping itself: any name, a scalar value each.
func (d *decoder) varDefaults(n *yaml.Node, into map[string]string) {
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], resolve(n.Content[i+1])
		switch {
		case k.Kind != yaml.ScalarNode || !runner.ValidVarName(k.Value):
			d.errorf(k, "vars: a variable name is letters, digits and _, not starting with a digit")
		case v.Kind != yaml.ScalarNode:
			d.errorf(v, "vars: %s: want a value, got %s", k.Value, describe(v))
		default:
			into[k.Value] = v.Value
		}
	}
}

func (d *decoder) tags(f *fields) []string {
	n := f.vals["tags"]
	if n == nil {
		return nil
	}
	if n.Kind != yaml.SequenceNode {
		d.errorf(n, "tags: want a list such as [smoke, slow], got %s", describe(n))
		return nil
	}
	var tags []string
	for _, item := range n.Content {
		if v, _, ok := d.text(resolve(item), "tags", "a tag"); ok {
			tags = append(tags, runner.NormalizeTag(strings.TrimSpace(v)))
		}
	}
	return tags
}

// hub decodes the hub block: Azure's cloudToDevice and the emulator's knobs, into the
// embedded hub's own configuration type.
func (d *decoder) hub(n *yaml.Node, at runner.Pos) runner.HubSettings {
	f := d.fields(n, "hub", hubKeys)
	h := runner.HubSettings{At: at, Keys: runner.KeyPos{}}
	if c := f.vals["cloudToDevice"]; c != nil {
		h.CloudToDevice = d.cloudToDevice(c, h.Keys)
	}
	if e := f.vals["emulator"]; e != nil {
		h.Emulator = d.emulator(e, h.Keys)
	}
	return h
}

// maxSetting bounds the whole numbers of the hub settings; their ranges are core's.
const maxSetting = 1_000_000

func (d *decoder) cloudToDevice(n *yaml.Node, keys runner.KeyPos) core.CloudToDevice {
	f := d.fields(n, "cloudToDevice", cloudToDeviceKeys)
	recordKeys(keys, "cloudToDevice.", f.keys)
	c := core.CloudToDevice{
		MaxDeliveryCount: f.integer("maxDeliveryCount", 0, 1, maxSetting),
		DefaultTTL:       f.hubDuration("defaultTtlAsIso8601"),
	}
	if fb := f.vals["feedback"]; fb != nil {
		ff := d.fields(fb, "feedback", feedbackQueueKeys)
		recordKeys(keys, "cloudToDevice.feedback.", ff.keys)
		c.Feedback = core.FeedbackQueue{
			LockDuration:     ff.hubDuration("lockDurationAsIso8601"),
			TTL:              ff.hubDuration("ttlAsIso8601"),
			MaxDeliveryCount: ff.integer("maxDeliveryCount", 0, 1, maxSetting),
		}
	}
	return c
}

func (d *decoder) emulator(n *yaml.Node, keys runner.KeyPos) core.Emulator {
	f := d.fields(n, "emulator", emulatorKeys)
	recordKeys(keys, "emulator.", f.keys)
	e := core.Emulator{
		Profile:               core.Profile(strings.ToLower(strings.TrimSpace(f.str("profile")))),
		FeedbackBatchInterval: f.hubDuration("feedbackBatchInterval"),
		LockDuration:          f.hubDuration("lockDuration"),
	}
	if t := f.vals["throttling"]; t != nil {
		tf := d.fields(t, "throttling", throttlingKeys)
		recordKeys(keys, "emulator.throttling.", tf.keys)
		e.Throttling = core.Throttling{Tier: strings.TrimSpace(tf.str("tier")), Units: tf.integer("units", 0, 1, maxSetting)}
	}
	return e
}

// recordKeys copies the key positions of a nested mapping under a dotted prefix.
func recordKeys(into runner.KeyPos, prefix string, keys runner.KeyPos) {
	for k, p := range maps.All(keys) {
		into[prefix+k] = p
	}
}

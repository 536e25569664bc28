package scenario

import (
	"fmt"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/hubspec/hubspec/runner"
)

// stepKind is one kind of step: its key, the keys of its body, and its decoder.
type stepKind struct {
	name   string
	keys   []string
	decode func(d *decoder, f *fields, at runner.Pos, index int) runner.Step
}

// stepKinds is every kind of step, actions first.
var stepKinds = []stepKind{
	{"connect", selectorKeys, decodeConnect},
	{"disconnect", selectorKeys, decodeDisconnect},
	{"purge", selectorKeys, decodePurge},
	{"wait", waitKeys, decodeWait},
	{"send", sendKeys, decodeSend},
	{"receives", receivesKeys, decodeReceives},
	{"feedback", feedbackKeys, decodeFeedback},
	{"dispositions", dispositionsKeys, decodeDispositions},
	{"noFurtherMessage", noFurtherKeys, decodeNoFurtherMessage},
	{"sendOutcomes", sendOutcomesKeys, decodeSendOutcomes},
	{"queued", queuedKeys, decodeQueued},
}

func stepKindNames() []string {
	names := make([]string, len(stepKinds))
	for i, k := range stepKinds {
		names[i] = k.name
	}
	return names
}

func (d *decoder) steps(n *yaml.Node) []runner.Step {
	if n.Kind != yaml.SequenceNode {
		d.errorf(n, "steps: want a list of steps (- send: …), got %s", describe(n))
		return nil
	}
	steps := make([]runner.Step, 0, len(n.Content))
	for i, item := range n.Content {
		if s := d.step(resolve(item), i); s != nil {
			steps = append(steps, s)
		}
	}
	return steps
}

// step decodes one step: a mapping with exactly one key, the step's kind.
func (d *decoder) step(n *yaml.Node, index int) runner.Step {
	if n.Kind != yaml.MappingNode || len(n.Content) == 0 {
		d.errorf(n, "a step is a mapping such as send: {…} (one of %s), got %s", strings.Join(stepKindNames(), ", "), describe(n))
		return nil
	}
	if len(n.Content) > 2 {
		d.errorf(n, "a step has exactly one kind, found %s (is the step's body indented under its kind?)", stepKeys(n))
		return nil
	}
	k := n.Content[0]
	i := slices.IndexFunc(stepKinds, func(s stepKind) bool { return s.name == k.Value })
	if i < 0 {
		d.errorf(k, "unknown step %q%s", k.Value, stepHint(k.Value))
		return nil
	}
	kind := stepKinds[i]
	f := d.fields(n.Content[1], kind.name, kind.keys)
	return kind.decode(d, f, d.pos(k), index)
}

func stepKeys(n *yaml.Node) string {
	var keys []string
	for i := 0; i < len(n.Content); i += 2 {
		keys = append(keys, n.Content[i].Value)
	}
	return strings.Join(keys, ", ")
}

func stepHint(name string) string {
	if hint := didYouMean(name, stepKindNames()); hint != "" {
		return hint
	}
	return fmt.Sprintf(" (steps: %s)", strings.Join(stepKindNames(), ", "))
}

// selector reads device, group or all. When required, exactly one must be set;
// otherwise none (the zero Selector) is allowed too.
func (d *decoder) selector(f *fields, at runner.Pos, required bool) runner.Selector {
	sel := runner.Selector{At: at}
	if !required && !f.has("device") && !f.has("group") && !f.has("all") {
		return sel
	}
	switch f.oneOf(selectorKeys...) {
	case "device":
		sel.Device, sel.At = strings.TrimSpace(f.str("device")), f.keys["device"]
	case "group":
		sel.Group, sel.At = strings.TrimSpace(f.str("group")), f.keys["group"]
	case "all":
		sel.All, sel.At = f.boolean("all", true), f.keys["all"]
		if !sel.All {
			d.errorf(f.vals["all"], "all: false selects nothing; name a device or a group")
		}
	}
	return sel
}

// messageSet reads send, an optional selector and messageId.
func (d *decoder) messageSet(f *fields, at runner.Pos) runner.MessageSet {
	return runner.MessageSet{
		Send:      strings.TrimSpace(f.str("send")),
		Devices:   d.selector(f, at, false),
		MessageID: f.template("messageId", runner.MessagePlaces),
	}
}

// counts reads a mapping from values (in any case) to counts.
func counts[T ~string](d *decoder, n *yaml.Node, key string, values []T) map[T]runner.Count {
	if n.Kind != yaml.MappingNode || len(n.Content) == 0 {
		d.errorf(n, "%s: want a mapping such as {%s: 3}, got %s", key, values[0], describe(n))
		return nil
	}
	m := map[T]runner.Count{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := enumValue(d, n.Content[i], key, values, "")
		if k != "" {
			m[k] = d.count(resolve(n.Content[i+1]), string(k), runner.Count{})
		}
	}
	return m
}

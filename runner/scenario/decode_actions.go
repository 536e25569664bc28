package scenario

import (
	"fmt"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/hubspec/hubspec/runner"
)

func decodeConnect(d *decoder, f *fields, at runner.Pos, _ int) runner.Step {
	return &runner.Connect{At: at, Devices: d.selector(f, at, true)}
}

func decodeDisconnect(d *decoder, f *fields, at runner.Pos, _ int) runner.Step {
	return &runner.Disconnect{At: at, Devices: d.selector(f, at, true)}
}

func decodePurge(d *decoder, f *fields, at runner.Pos, _ int) runner.Step {
	return &runner.Purge{At: at, Devices: d.selector(f, at, true)}
}

func decodeWait(d *decoder, f *fields, at runner.Pos, _ int) runner.Step {
	f.require("for", "reason")
	return &runner.Wait{At: at, Keys: f.keys, For: f.duration("for"), Reason: strings.TrimSpace(f.str("reason"))}
}

// defaultMessageID names messages when a send sets no messageId: unique within the
// run (the step's number) and across runs ({run}).
func defaultMessageID(index int) runner.Template {
	t, _ := runner.ParseTemplate(fmt.Sprintf("{run}-s%d-{device}-{i}", index+1), runner.MessagePlaces)
	return t
}

func decodeSend(d *decoder, f *fields, at runner.Pos, index int) runner.Step {
	s := &runner.Send{At: at, Keys: f.keys}
	s.To = d.selector(f, at, true)
	s.Label = strings.TrimSpace(f.str("id"))
	s.Count = f.integer("count", 1, 1, runner.MaxSendCount)
	s.MessageID = f.template("messageId", runner.MessagePlaces)
	if !f.has("messageId") {
		s.MessageID = defaultMessageID(index)
	}
	s.CorrelationID = f.template("correlationId", runner.MessagePlaces)
	if b := f.vals["body"]; b != nil {
		s.Body = d.body(b)
	}
	if p := f.vals["properties"]; p != nil {
		s.Properties = d.properties(p)
	}
	s.Ack = enum(f, "ack", runner.AckModes, runner.AckNone)
	f.conflict("ttl", "expiry", "a message expires after a ttl or at an absolute time")
	s.TTL = f.duration("ttl")
	s.Expiry = f.timestamp("expiry")
	s.ContentType = f.str("contentType")
	s.ContentEncoding = f.str("contentEncoding")
	s.Outcome = enum(f, "outcome", runner.SendOutcomes, runner.Accepted)
	return s
}

// properties reads application properties: name: value, values being templates.
func (d *decoder) properties(n *yaml.Node) []runner.Property {
	var props []runner.Property
	d.propertyPairs(n, func(name string, v *yaml.Node) {
		props = append(props, runner.Property{Name: name, Value: d.template(v, name, runner.MessagePlaces)})
	})
	return props
}

// propertyPairs walks a mapping of property names to values.
func (d *decoder) propertyPairs(n *yaml.Node, each func(name string, v *yaml.Node)) {
	if n.Kind != yaml.MappingNode {
		d.errorf(n, "properties: want a mapping of name: value, got %s", describe(n))
		return
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := n.Content[i]
		if k.Kind != yaml.ScalarNode {
			d.errorf(k, "properties: a property name must be text, not %s", describe(k))
			continue
		}
		each(k.Value, resolve(n.Content[i+1]))
	}
}

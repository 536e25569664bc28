package runner

import (
	"cmp"
	"strings"
)

// What MQTT cannot do (spec iothub-c2d-wire.md §6). Over MQTT a device completes a
// message by PUBACK and has no reject or abandon; the delivery count does not travel;
// the message's properties travel percent-encoded in the topic, beside the system
// properties' own $. names; and the topic filter a device subscribes to holds its id.
// These checks refuse a scenario that asks an MQTT device for any of it.

// mqttSystemProperties are the names IoT Hub's MQTT property bag gives the system
// properties, and what each is.
var mqttSystemProperties = map[string]string{
	"$.mid": "message id", "$.cid": "correlation id", "$.to": "destination", "$.uid": "user id",
	"$.ct": "content type", "$.ce": "content encoding", "$.exp": "expiry",
}

// maxMQTTTopic is the longest topic an MQTT packet carries (a 16-bit length).
const maxMQTTTopic = 65535

// mqttSettlement refuses a disposition an MQTT device cannot make.
func (c *checker) mqttSettlement(g *Group, s Settlement) {
	for _, d := range s.Sequence {
		if d == Reject || d == Abandon {
			c.add(s.At, "group %q uses MQTT, which cannot %s: over MQTT a device acknowledges (PUBACK) and IoT Hub completes the message; use complete or ignore, or transport: amqp", g.Name, d)
			return
		}
	}
}

// mqttGroup checks what an MQTT group's ids and rules ask of MQTT.
func (c *checker) mqttGroup(g *Group) {
	if g.Transport != MQTT {
		return
	}
	if id := g.DeviceID(1); strings.Contains(id, "#") {
		c.add(g.Keys.Of("id", g.At), "device id %q holds '#', a wildcard in MQTT topic filters, so an MQTT device with it cannot subscribe to its C2D topic; use another id or transport: amqp", id)
	}
	for _, r := range g.Behaviour.Rules {
		if r.When.DeliveryCount != nil {
			c.add(r.When.Keys.Of("deliveryCount", r.When.At), "group %q uses MQTT, where the delivery count does not travel, so a rule cannot match deliveryCount; match on something else, or use transport: amqp", g.Name)
		}
	}
}

// mqttDevice returns the first MQTT device among the indexes, if any.
func (c *checker) mqttDevice(devices []int) (Device, bool) {
	for _, i := range devices {
		if c.fleet[i].Group.Transport == MQTT {
			return c.fleet[i], true
		}
	}
	return Device{}, false
}

// mqttReceive refuses a deliveryCount expectation for an MQTT device.
func (c *checker) mqttReceive(s *ExpectReceive, devices []int) {
	d, ok := c.mqttDevice(devices)
	if !ok {
		return
	}
	for _, mm := range s.Messages {
		if mm.DeliveryCount != nil {
			c.add(mm.Keys.Of("deliveryCount", mm.At), "deliveryCount cannot be observed on device %s: it uses MQTT, where the delivery count does not travel (AMQP devices see it)", d.ID)
			return
		}
	}
}

// mqttFeedback refuses feedback an MQTT device's messages never get: Rejected (no
// reject over MQTT) or DeliveryCountExceeded (no abandon, which alone counts a delivery).
// every says whether each message must get the status, or only some.
func (c *checker) mqttFeedback(at Pos, set MessageSet, status FeedbackStatus, every bool) {
	if status != Rejected && status != DeliveryCountExceeded {
		return
	}
	devices := c.feedbackDevices(set)
	d, some := c.mqttDevice(devices)
	if !some || !every && !c.allMQTT(devices) {
		return
	}
	why := "it cannot reject"
	if status == DeliveryCountExceeded {
		why = "it cannot abandon, and only an abandon counts towards maxDeliveryCount"
	}
	c.add(at, "feedback %s is expected for %s, but device %s uses MQTT: %s, so IoT Hub never sends %s for its messages", status, set, d.ID, why, status)
}

// feedbackDevices lists the devices of the fleet the accepted messages of a set were
// sent to.
func (c *checker) feedbackDevices(set MessageSet) []int {
	var only map[int]bool
	if sel := set.Devices; sel.Device != "" && !c.known(sel.Device) {
		return nil // not in the fleet: messageSet reported it
	}
	if !set.Devices.IsZero() {
		only = map[int]bool{}
		for _, i := range c.resolve(set.Devices) {
			only[i] = true
		}
	}
	var out []int
	for _, send := range c.sends {
		if set.Send != "" && send.Label != set.Send || send.Outcome != Accepted && send.Outcome != AnyOutcome {
			continue
		}
		for _, i := range c.targets[send] {
			if only == nil || only[i] {
				out = append(out, i)
			}
		}
	}
	return out
}

// mqttSend refuses properties an MQTT device cannot receive as sent: a name that is a
// system property's in the topic, or a property bag too long for an MQTT topic.
func (c *checker) mqttSend(s *Send, targets []int) {
	d, ok := c.mqttDevice(targets)
	if !ok {
		return
	}
	for _, p := range s.Properties {
		if what, clash := mqttSystemProperties[p.Name]; clash {
			c.add(s.Keys.Of("properties", s.At), "property %q cannot reach MQTT device %s: in the MQTT topic's property bag %s is the %s, and the device reads it as that; rename the property", p.Name, d.ID, p.Name, what)
		}
	}
	onHub := d
	if c.opts.RealHub {
		onHub.ID += "-" + runSample // a real hub's device ids carry the run's id
	}
	if n := mqttTopicBytes(s, onHub, runSample); n > maxMQTTTopic && s.Outcome == Accepted {
		c.add(s.Keys.Of("properties", s.At), "the properties of these messages take %d bytes percent-encoded in the MQTT topic of device %s, over the %d an MQTT topic holds: the hub can never deliver them to an MQTT device", n, d.ID, maxMQTTTopic)
	}
}

// runSample stands for {run} when sizing a topic: as long as a run id.
const runSample = "00000000"

// mqttTopicBytes is the length of the topic IoT Hub publishes message 1 of s on for
// device d: devices/{id}/messages/devicebound/ and the property bag, every key and value
// percent-encoded (spec §6.3): its expiry, the system properties that are set, the ack
// and the application properties.
func mqttTopicBytes(s *Send, d Device, run string) int {
	v := d.Vars(1, run)
	n := len("devices/"+d.ID+"/messages/devicebound/") + len("%24.exp=2030-01-01T00%3A00%3A00.0000000Z")
	pairs := [][2]string{
		{"$.cid", s.CorrelationID.Expand(v)}, {"$.mid", s.MessageID.Expand(v)},
		{"$.to", "/devices/" + d.ID + "/messages/devicebound"}, {"$.ct", s.ContentType},
		{"$.ce", s.ContentEncoding}, {"iothub-ack", string(cmp.Or(s.Ack, AckNone))},
	}
	for _, p := range pairs {
		if p[1] != "" {
			n += len("&=") + percentEncoded(p[0]) + percentEncoded(p[1])
		}
	}
	for _, p := range s.Properties {
		n += len("&=") + percentEncoded(p.Name) + percentEncoded(p.Value.Expand(v))
	}
	return n
}

// percentEncoded is the length of s with every byte but letters, digits and -._~
// written as %XX.
func percentEncoded(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		b := s[i]
		if b < 128 && (b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || strings.IndexByte("-._~", b) >= 0) {
			n++
		} else {
			n += 3
		}
	}
	return n
}

// mqttDispositions refuses counting rejects or abandons of devices that all use MQTT.
func (c *checker) mqttDispositions(s *ExpectDispositions, devices []int) {
	if len(devices) == 0 || !c.allMQTT(devices) {
		return
	}
	for _, d := range []Disposition{Reject, Abandon} {
		if n, ok := s.Counts[d]; ok && n.Min > 0 {
			c.add(s.Keys.Of(string(d), s.At), "%s cannot %s: its devices use MQTT, where IoT Hub completes on PUBACK", s.Devices, d)
		}
	}
}

// allMQTT reports whether every device of the indexes uses MQTT.
func (c *checker) allMQTT(devices []int) bool {
	for _, i := range devices {
		if c.fleet[i].Group.Transport != MQTT {
			return false
		}
	}
	return true
}

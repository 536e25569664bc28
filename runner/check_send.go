package runner

import (
	"slices"
	"strings"
)

// send checks one send step and records it for the expectations that follow.
func (c *checker) send(s *Send) {
	targets := c.sendTargets(s)
	c.sendLabel(s)
	if s.Count < 1 || s.Count > MaxSendCount {
		c.add(s.Keys.Of("count", s.At), "count is %d; a send step sends 1 to %d messages to each device", s.Count, MaxSendCount)
	}
	if _, ok := ParseEnum(string(s.Ack), AckModes); !ok && s.Ack != "" {
		c.add(s.Keys.Of("ack", s.At), "unknown ack mode %q (want none, positive, negative or full)", s.Ack)
	}
	if s.TTL != 0 && !s.Expiry.IsZero() {
		c.add(s.Keys.Of("expiry", s.At), "a message has a ttl or an absolute expiry, not both")
	}
	if s.TTL < 0 {
		c.add(s.Keys.Of("ttl", s.At), "ttl must be positive")
	}
	if len(s.Body) > MaxMessageSize && s.Outcome == Accepted {
		c.add(s.Keys.Of("body", s.At), "the body alone is %d bytes, over IoT Hub's %d-byte message limit: expect outcome MessageTooLarge", len(s.Body), MaxMessageSize)
	}
	c.properties(s)
	c.mqttSend(s, targets)
	c.messageIDs(s, max(len(targets), 1))
	c.queueDepth(s, targets)
	c.sends = append(c.sends, s)
	c.targets[s] = targets
}

// sendTargets resolves the send's devices to fleet indexes. A device outside the fleet
// (no index) is allowed only where the send expects the hub not to know it.
func (c *checker) sendTargets(s *Send) []int {
	id := s.To.Device
	if id == "" || c.known(id) {
		if id != "" && s.Outcome == DeviceNotFound {
			c.add(s.To.At, "device %s is in the fleet, so the hub knows it: DeviceNotFound needs a device id outside the fleet", id)
		}
		return c.selected(s.To)
	}
	if s.Outcome != DeviceNotFound && s.Outcome != AnyOutcome {
		c.add(s.To.At, "there is no device %q in the fleet; to test an unknown device, expect outcome DeviceNotFound", id)
	}
	if err := validDeviceID(id); err != nil {
		c.add(s.To.At, "device id %q: %v", id, err)
	}
	return nil
}

func (c *checker) sendLabel(s *Send) {
	if s.Label == "" {
		return
	}
	if prev, dup := c.labels[s.Label]; dup {
		c.add(s.Keys.Of("id", s.At), "send %q is already defined at %s", s.Label, prev.At.From(s.At))
		return
	}
	c.labels[s.Label] = s
}

func (c *checker) properties(s *Send) {
	var seen []string
	for _, p := range s.Properties {
		switch {
		case p.Name == "":
			c.add(s.Keys.Of("properties", s.At), "a property needs a name")
		case strings.HasPrefix(strings.ToLower(p.Name), "iothub-"):
			c.add(s.Keys.Of("properties", s.At), "property %q: names starting with iothub- are IoT Hub's own (set the ack mode with ack)", p.Name)
		case slices.Contains(seen, p.Name):
			c.add(s.Keys.Of("properties", s.At), "property %q is set twice", p.Name)
		}
		seen = append(seen, p.Name)
	}
}

// messageIDs finds templates that give two messages the same id: the ledger tracks
// messages by id, and feedback correlates by it.
func (c *checker) messageIDs(s *Send, devices int) {
	at := s.Keys.Of("messageId", s.At)
	switch {
	case s.MessageID.IsZero():
		c.add(at, "a send needs a messageId template")
	case s.Count > 1 && !s.MessageID.Uses(PlaceI):
		c.add(at, "messageId %q gives all %d messages to a device the same id; number them with {i}", s.MessageID, s.Count)
	case devices > 1 && !s.MessageID.Uses(PlaceDevice) && !s.MessageID.Uses(PlaceN):
		c.add(at, "messageId %q gives every device's messages the same ids; add {device}", s.MessageID)
	case c.opts.RealHub && s.Ack != AckNone && !s.MessageID.Uses(PlaceRun) && !s.MessageID.Uses(PlaceDevice):
		c.add(at, "on a real hub, messageId %q repeats from run to run, so feedback from an earlier run would be taken for this one; add {run} or {device}", s.MessageID)
	}
	for _, prev := range c.sends {
		if prev.MessageID.String() == s.MessageID.String() && c.overlaps(prev.To, s.To) {
			c.add(at, "messageId %q gives the same ids as the send at %s; make the templates differ", s.MessageID, prev.At.From(s.At))
			return
		}
	}
}

// overlaps reports whether two selectors of sends name a device in common.
func (c *checker) overlaps(a, b Selector) bool {
	group := func(s Selector) string {
		if i, ok := c.index[s.Device]; ok {
			return c.fleet[i].Group.Name
		}
		return s.Group
	}
	switch {
	case a.Device != "" && b.Device != "":
		return a.Device == b.Device
	case a.All || b.All:
		return len(c.fleet) > 0
	}
	return group(a) != "" && group(a) == group(b)
}

// queueDepth finds sends that must overflow an offline device's queue although the
// step expects every send accepted.
func (c *checker) queueDepth(s *Send, targets []int) {
	if s.Outcome != Accepted || s.TTL != 0 || !s.Expiry.IsZero() {
		return
	}
	for _, i := range targets {
		if c.online[i] {
			continue
		}
		c.queued[i] += s.Count
		if c.queued[i] > QueueDepth {
			c.add(s.Keys.Of("count", s.At), "device %s is offline and would hold %d messages, but a C2D queue holds %d: expect outcome DeviceMaximumQueueDepthExceeded for the rest", c.fleet[i].ID, c.queued[i], QueueDepth)
			return
		}
	}
}

package runner

import (
	"fmt"
	"strconv"
	"strings"
)

// fleetGroups checks the groups and records every device for the step checks.
func (c *checker) fleetGroups() {
	names := map[string]Pos{}
	total := 0
	for _, g := range c.sc.Fleet {
		if prev, dup := names[g.Name]; dup {
			c.add(g.Keys.Of("group", g.At), "group %q is already defined at %s", g.Name, prev.From(g.At))
		}
		names[g.Name] = g.At
		total += max(g.Count, 0)
		if !c.group(g) || total > MaxFleet {
			continue
		}
		c.groupDevices(g)
	}
	if total > MaxFleet {
		c.add(c.sc.Keys.Of("fleet", c.sc.At), "the fleet has %d devices; a scenario may have at most %d", total, MaxFleet)
	}
}

// group checks one group's own settings; it reports whether its device ids can be
// listed.
func (c *checker) group(g *Group) bool {
	ok := true
	if g.Name == "" {
		c.add(g.At, "a group needs a name")
	}
	if g.Count < 1 || g.Count > MaxFleet {
		c.add(g.Keys.Of("count", g.At), "count is %d; a group has 1 to %d devices", g.Count, MaxFleet)
		ok = false
	}
	if g.Count > 1 && !g.ID.Uses(PlaceN) {
		c.add(g.Keys.Of("id", g.At), "id %q gives all %d devices the same id; number them with {n}", g.ID, g.Count)
		ok = false
	}
	if _, known := ParseEnum(string(g.Transport), Transports); !known && g.Transport != "" {
		c.add(g.Keys.Of("transport", g.At), "unknown transport %q (want amqp or mqtt)", g.Transport)
	}
	c.behaviour(g, g.Behaviour.Default)
	for _, r := range g.Behaviour.Rules {
		c.behaviour(g, r.Then)
	}
	c.mqttGroup(g)
	return ok && c.deviceIDTemplate(g)
}

// deviceIDTemplate checks the id of the group's longest-numbered device.
func (c *checker) deviceIDTemplate(g *Group) bool {
	id := g.DeviceID(g.Count)
	if err := validDeviceID(id); err != nil {
		c.add(g.Keys.Of("id", g.At), "device id %q: %v", id, err)
		return false
	}
	return true
}

// deviceIDChars are the characters IoT Hub allows in a device id besides ASCII letters
// and digits.
const deviceIDChars = "-:.+%_#*?!(),=@;$'"

func validDeviceID(id string) error {
	if id == "" || len(id) > MaxDeviceIDSize {
		return fmt.Errorf("a device id has 1 to %d characters", MaxDeviceIDSize)
	}
	for _, r := range id {
		if !(r < 128 && (r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune(deviceIDChars, r))) {
			return fmt.Errorf("IoT Hub allows only ASCII letters, digits and %s in a device id, not %s", deviceIDChars, strconv.QuoteRune(r))
		}
	}
	return nil
}

// groupDevices adds the group's devices to the fleet, unless one of their ids is taken.
func (c *checker) groupDevices(g *Group) {
	devices := g.Devices()
	seen := make(map[string]bool, len(devices))
	for _, d := range devices {
		if i, dup := c.index[d.ID]; dup || seen[d.ID] {
			c.add(g.Keys.Of("id", g.At), "device %s is also in group %q (defined at %s)", d.ID, c.fleet[i].Group.Name, c.fleet[i].Group.At.From(g.At))
			return
		}
		seen[d.ID] = true
	}
	c.groups[g.Name] = [2]int{len(c.fleet), len(c.fleet) + len(devices)}
	for _, d := range devices {
		c.index[d.ID] = len(c.fleet)
		c.all = append(c.all, len(c.fleet))
		c.fleet = append(c.fleet, d)
		c.online = append(c.online, !g.Offline)
		c.queued = append(c.queued, 0)
	}
}

// behaviour checks one settlement of a group against its transport and the hub.
func (c *checker) behaviour(g *Group, s Settlement) {
	for _, d := range s.Sequence {
		if _, known := ParseEnum(string(d), Dispositions); !known {
			c.add(s.At, "unknown disposition %q (want complete, reject, abandon or ignore)", d)
		}
	}
	if g.Transport == MQTT {
		c.mqttSettlement(g, s)
	}
	if lock := c.lockDuration(); s.Delay >= lock {
		c.add(s.At, "a delay of %s is not shorter than the hub's C2D lock (%s): the lock expires before the device settles", s.Delay, lock)
	}
	c.sequenceReach(s)
}

// sequenceReach finds sequence entries that a message never reaches because the hub
// dead-letters it after maxDeliveryCount abandons.
func (c *checker) sequenceReach(s Settlement) {
	abandons := 0
	for abandons < len(s.Sequence) && s.Sequence[abandons] == Abandon {
		abandons++
	}
	max := c.hub.CloudToDevice.MaxDeliveryCount
	if abandons < len(s.Sequence) && abandons >= max {
		c.add(s.At, "the sequence abandons %d times before it does anything else, but the hub dead-letters a message after %d abandons (maxDeliveryCount): %s is never reached", abandons, max, s.Sequence[abandons])
	}
}

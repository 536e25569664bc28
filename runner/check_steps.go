package runner

import (
	"fmt"
	"time"
)

// steps walks the steps in order, tracking which devices are online and what was sent.
func (c *checker) steps() {
	for _, s := range c.sc.Steps {
		switch s := s.(type) {
		case nil:
			c.add(c.sc.At, "a step is missing (nil)")
		case *Connect:
			c.connect(s.Devices, true)
		case *Disconnect:
			c.connect(s.Devices, false)
		case *Purge:
			for _, i := range c.selected(s.Devices) {
				c.queued[i] = 0
			}
		case *Wait:
			c.wait(s)
		case *Send:
			c.send(s)
		default:
			c.expectation(s)
		}
	}
}

// selected resolves a selector that must name devices of the fleet, to their indexes.
func (c *checker) selected(sel Selector) []int {
	switch {
	case sel.IsZero():
		c.add(sel.At, "name the devices: a device, a group, or all")
	case sel.Group != "" && c.sc.Group(sel.Group) == nil:
		c.add(sel.At, "there is no group %q in the fleet%s", sel.Group, c.groupHint())
	case sel.Device != "" && !c.known(sel.Device):
		c.add(sel.At, "there is no device %q in the fleet", sel.Device)
	default:
		return c.resolve(sel)
	}
	return nil
}

// maxCheckWork bounds the device visits of one Check, so that a spec with a huge fleet
// and very many steps cannot make validation hang.
const maxCheckWork = 50_000_000

// resolve returns the indexes of the devices a valid selector names and counts the work
// of visiting them; past the bound it reports the scenario as too large and returns none.
func (c *checker) resolve(sel Selector) []int {
	var lo, hi int
	switch {
	case sel.All:
		lo, hi = 0, len(c.fleet)
	case sel.Group != "":
		r := c.groups[sel.Group] // a group whose devices could not be listed selects none
		lo, hi = r[0], r[1]
	default:
		lo = c.index[sel.Device]
		hi = lo + 1
	}
	c.work += hi - lo
	if c.work > c.maxWork {
		if !c.tooLarge {
			c.add(sel.At, "the scenario is too large to check: its steps visit more than %d devices in all", c.maxWork)
			c.tooLarge = true
		}
		return nil
	}
	return c.all[lo:hi]
}

func (c *checker) known(id string) bool {
	_, ok := c.index[id]
	return ok
}

func (c *checker) groupHint() string {
	if len(c.sc.Fleet) == 0 {
		return " (the fleet is empty)"
	}
	names := make([]string, len(c.sc.Fleet))
	for i, g := range c.sc.Fleet {
		names[i] = g.Name
	}
	return fmt.Sprintf(" (groups: %s)", joinQuoted(names))
}

func (c *checker) connect(sel Selector, online bool) {
	state := map[bool]string{true: "online", false: "offline"}[online]
	for _, i := range c.selected(sel) {
		if c.online[i] == online {
			c.add(sel.At, "device %s is already %s here; it cannot %s again", c.fleet[i].ID, state, map[bool]string{true: "connect", false: "disconnect"}[online])
			return
		}
		c.online[i] = online
		if online {
			c.queued[i] = 0
		}
	}
}

func (c *checker) wait(s *Wait) {
	if s.Reason == "" {
		c.add(s.At, "wait needs a reason: expectations wait for their own conditions, so say why time itself must pass")
	}
	if s.For <= 0 {
		c.add(s.Keys.Of("for", s.At), "wait needs a positive duration")
	}
}

// window checks the For of a "nothing happens" expectation.
func (c *checker) window(s Step, keys KeyPos, d time.Duration) {
	if d <= 0 {
		c.add(keys.Of("for", s.Position()), "%s needs a positive window (for)", kind(s))
	}
}

func joinQuoted(names []string) string {
	s := ""
	for i, n := range names {
		if i > 0 {
			s += ", "
		}
		s += fmt.Sprintf("%q", n)
	}
	return s
}

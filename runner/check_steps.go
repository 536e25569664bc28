package runner

import (
	"fmt"
	"time"
)

// steps walks the steps in order, tracking which devices are online and what was sent.
func (c *checker) steps() {
	for _, s := range c.sc.Steps {
		switch s := s.(type) {
		case *Connect:
			c.connect(s.Devices, true)
		case *Disconnect:
			c.connect(s.Devices, false)
		case *Purge:
			for _, d := range c.selected(s.Devices) {
				c.queued[d.ID] = 0
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

// selected resolves a selector that must name devices of the fleet.
func (c *checker) selected(sel Selector) []Device {
	switch {
	case sel.IsZero():
		c.add(sel.At, "name the devices: a device, a group, or all")
	case sel.Group != "" && c.sc.Group(sel.Group) == nil:
		c.add(sel.At, "there is no group %q in the fleet%s", sel.Group, c.groupHint())
	case sel.Device != "" && !c.known(sel.Device):
		c.add(sel.At, "there is no device %q in the fleet", sel.Device)
	default:
		return c.sc.Resolve(sel)
	}
	return nil
}

func (c *checker) known(id string) bool {
	_, ok := c.devices[id]
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
	for _, d := range c.selected(sel) {
		if c.online[d.ID] == online {
			c.add(sel.At, "device %s is already %s here; it cannot %s again", d.ID, state, map[bool]string{true: "connect", false: "disconnect"}[online])
			return
		}
		c.online[d.ID] = online
		if online {
			c.queued[d.ID] = 0
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

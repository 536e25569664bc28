package ledger

import (
	"fmt"
	"strings"
)

// unknownReason says what is known about a message no rule accounts for.
func (c *fateCase) unknownReason() string {
	h := c.h
	parts := []string{"accepted at " + c.rel(h.Outcome.At)}
	if h.Outcome.Kind == AnyKind {
		parts[0] = "send outcome not recorded"
	}
	parts = append(parts, c.deliveries())
	if len(h.Settlements) > 0 {
		s := h.Settlements[len(h.Settlements)-1]
		parts = append(parts, fmt.Sprintf("last settlement %s by %s at %s%s", settledAs(s), s.Device,
			c.rel(s.At), failedSuffix(s)))
	}
	if off, ok := c.offline(); ok {
		parts = append(parts, fmt.Sprintf("%s offline since %s", off.Device, c.rel(off.At)))
	}
	parts = append(parts, "no settlement, feedback, purge or expiry accounts for it")
	return strings.Join(parts, "; ")
}

// deliveries summarises the deliveries of the message.
func (c *fateCase) deliveries() string {
	switch n := len(c.h.Deliveries); n {
	case 0:
		return "never delivered"
	case 1:
		return "delivered once at " + c.rel(c.h.Deliveries[0].At)
	default:
		return fmt.Sprintf("delivered %d times, last at %s", n, c.rel(c.h.Deliveries[n-1].At))
	}
}

// offline returns the device going offline when that is its latest connection event.
func (c *fateCase) offline() (Event, bool) {
	for i := len(c.actions) - 1; i >= 0; i-- {
		switch a := c.actions[i]; a.Kind {
		case KindDeviceOffline:
			return a, true
		case KindDeviceOnline:
			return Event{}, false
		}
	}
	return Event{}, false
}

// failedSuffix notes a failed settlement.
func failedSuffix(e Event) string {
	if !e.Failed {
		return ""
	}
	return " (failed: " + e.Detail + ")"
}

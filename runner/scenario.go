package runner

import (
	"cmp"
	"fmt"
	"time"
)

// The deadlines of expectations when neither they nor their scenario set one. Feedback
// gets longer: IoT Hub may hold a feedback record for 15 s to batch it.
const (
	DefaultWithin         = 10 * time.Second
	DefaultFeedbackWithin = 30 * time.Second
)

// Scenario is one spec to run: a fleet, the hub it runs with, and ordered steps.
type Scenario struct {
	Name        string
	Description string
	At          Pos
	Keys        KeyPos
	Tags        []string // without the @
	Hub         HubSettings
	Vars        map[string]string // the variables the scenario declared or used, resolved
	Within      time.Duration     // the deadline of expectations that set none; zero for DefaultWithin
	Fleet       []*Group
	Steps       []Step
}

// Deadline returns the deadline of step: its own within, else the scenario's, else
// the default for its kind.
func (sc *Scenario) Deadline(step Step) time.Duration {
	var own time.Duration
	def := DefaultWithin
	switch s := step.(type) {
	case *ExpectReceive:
		own = s.Within
	case *ExpectDispositions:
		own = s.Within
	case *ExpectQueued:
		own = s.Within
	case *ExpectFeedback:
		own, def = s.Within, DefaultFeedbackWithin
	case *ExpectFeedbackCounts:
		own, def = s.Within, DefaultFeedbackWithin
	}
	return cmp.Or(own, sc.Within, def)
}

// Group is a set of devices that behave alike: ids from a template such as
// thermostat-{n}, n from 1 to Count.
type Group struct {
	At        Pos
	Keys      KeyPos
	Name      string
	ID        Template // may use {n}
	Count     int
	Transport Transport // the zero value is AMQP
	Offline   bool      // offline until a Connect step; the zero value is online from the start
	Behaviour Behaviour
}

// Device is one member of the fleet.
type Device struct {
	ID    string
	N     int // 1-based number within the group
	Group *Group
}

// Vars returns the template values of the device, for message i.
func (d Device) Vars(i int, run string) TemplateVars {
	return TemplateVars{Device: d.ID, Group: d.Group.Name, N: d.N, I: i, Run: run}
}

// DeviceID returns the id of the group's nth device.
func (g *Group) DeviceID(n int) string { return g.ID.Expand(TemplateVars{N: n}) }

// Devices lists the group's devices in order.
func (g *Group) Devices() []Device {
	ds := make([]Device, g.Count)
	for i := range ds {
		ds[i] = Device{ID: g.DeviceID(i + 1), N: i + 1, Group: g}
	}
	return ds
}

// Devices lists the whole fleet, group by group.
func (sc *Scenario) Devices() []Device {
	var ds []Device
	for _, g := range sc.Fleet {
		ds = append(ds, g.Devices()...)
	}
	return ds
}

// Group returns the group called name, or nil.
func (sc *Scenario) Group(name string) *Group {
	for _, g := range sc.Fleet {
		if g.Name == name {
			return g
		}
	}
	return nil
}

// Selector names the devices a step is about: one device, one group, or all. The
// zero Selector selects nothing (or, where a step says so, every device).
type Selector struct {
	At     Pos
	Device string
	Group  string
	All    bool
}

// IsZero reports whether the selector names nothing.
func (s Selector) IsZero() bool { return s.Device == "" && s.Group == "" && !s.All }

// String describes the selection as a person reads it.
func (s Selector) String() string {
	switch {
	case s.All:
		return "every device"
	case s.Group != "":
		return fmt.Sprintf("group %s", s.Group)
	case s.Device != "":
		return fmt.Sprintf("device %s", s.Device)
	}
	return "no device"
}

// Resolve returns the fleet's devices the selector names. A device id that is not in
// the fleet resolves to nothing.
func (sc *Scenario) Resolve(s Selector) []Device {
	switch {
	case s.All:
		return sc.Devices()
	case s.Group != "":
		if g := sc.Group(s.Group); g != nil {
			return g.Devices()
		}
	case s.Device != "":
		for _, d := range sc.Devices() {
			if d.ID == s.Device {
				return []Device{d}
			}
		}
	}
	return nil
}

// MessageSet names sent messages: those of one send step (by its Label) or of every
// send so far, optionally narrowed to some devices or to an id.
type MessageSet struct {
	Send      string   // a Send's Label; empty for every send before the step
	Devices   Selector // the zero Selector for every device
	MessageID Template // the zero Template for any id
}

// String describes the set as a person reads it.
func (m MessageSet) String() string {
	s := "every message sent"
	if m.Send != "" {
		s = fmt.Sprintf("the messages of send %q", m.Send)
	}
	if !m.Devices.IsZero() {
		s += " to " + m.Devices.String()
	}
	if !m.MessageID.IsZero() {
		s += fmt.Sprintf(" with id %q", m.MessageID)
	}
	return s
}

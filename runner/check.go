package runner

import (
	"fmt"
	"strings"

	"github.com/hubspec/hubspec/hub/core"
)

// CheckOptions says what a scenario will run against.
type CheckOptions struct {
	// RealHub is set when the scenario will run against a real IoT Hub (--hub) rather
	// than the embedded one: Azure's fixed timings then apply (feedback batched for up to
	// 15 s, a one-minute lock) and message ids must not collide across runs.
	RealHub bool
}

// Limits on what one scenario may ask for, so a mistaken spec cannot exhaust memory.
const (
	MaxFleet        = 100_000 // devices in one scenario
	MaxSendCount    = 10_000  // messages per device in one send step
	MaxDeviceIDSize = 128     // IoT Hub's limit on a device id
)

// Check finds what no hub could run: problems with the hub settings, the fleet, and
// impossible combinations in the steps. It returns them sorted by position; none means
// the scenario can run. Both front ends call it, so YAML and Gherkin share the rules.
func Check(sc *Scenario, opts CheckOptions) Problems {
	return check(sc, opts, maxCheckWork)
}

func check(sc *Scenario, opts CheckOptions, maxWork int) Problems {
	c := &checker{
		maxWork: maxWork,
		sc:      sc,
		opts:    opts,
		hub:     sc.Hub.Effective(opts.RealHub),
		index:   map[string]int{},
		groups:  map[string][2]int{},
		labels:  map[string]*Send{},
		targets: map[*Send][]int{},
	}
	c.scenario()
	c.hubSettings()
	c.fleetGroups()
	c.steps()
	c.problems.Sort()
	return c.problems
}

// checker carries what the checks learn while they walk the scenario in order.
type checker struct {
	sc       *Scenario
	opts     CheckOptions
	hub      core.Config // effective
	problems Problems
	fleet    []Device          // every device, group by group; checks use their indexes
	all      []int             // 0, 1, … len(fleet)-1: what selectors resolve to
	index    map[string]int    // device id → index in fleet
	groups   map[string][2]int // group name → its devices' index range in fleet
	online   []bool            // by index: online at the current step
	queued   []int             // by index: messages waiting for an offline device, at most
	sends    []*Send           // the sends before the current step
	targets  map[*Send][]int   // the fleet devices each send is sent to
	labels   map[string]*Send
	work     int // device visits so far
	maxWork  int
	tooLarge bool
}

func (c *checker) add(pos Pos, format string, args ...any) {
	c.problems.Add(pos, format, args...)
}

func (c *checker) scenario() {
	sc := c.sc
	if strings.TrimSpace(sc.Name) == "" {
		c.add(sc.At, "a scenario needs a name")
	}
	if sc.Within < 0 {
		c.add(sc.Keys.Of("within", sc.At), "within must be positive")
	}
	for _, t := range sc.Tags {
		if NormalizeTag(t) == "" || strings.ContainsAny(t, " \t()&|,~!") {
			c.add(sc.Keys.Of("tags", sc.At), "tag %q: a tag is one word without spaces, parentheses or & | , ~ !", t)
		}
	}
}

// kind names a step in problems, as the YAML front end spells it.
func kind(s Step) string {
	switch s.(type) {
	case *Connect:
		return "connect"
	case *Disconnect:
		return "disconnect"
	case *Purge:
		return "purge"
	case *Wait:
		return "wait"
	case *Send:
		return "send"
	case *ExpectReceive:
		return "receives"
	case *ExpectFeedback, *ExpectFeedbackCounts, *ExpectNoFeedback:
		return "feedback"
	case *ExpectDispositions:
		return "dispositions"
	case *ExpectNoMessage:
		return "noFurtherMessage"
	case *ExpectSendOutcomes:
		return "sendOutcomes"
	case *ExpectQueued:
		return "queued"
	}
	return fmt.Sprintf("%T", s)
}

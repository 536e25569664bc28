package runner

import (
	"time"
)

// expectation checks one expectation step against what the steps before it did.
func (c *checker) expectation(s Step) {
	switch s := s.(type) {
	case *ExpectReceive:
		c.receive(s)
	case *ExpectFeedback:
		c.feedback(s, s.Keys, s.Messages, s.Within, map[FeedbackStatus]Count{s.Status: AtLeast(1)}, true)
		if _, ok := ParseEnum(string(s.Status), FeedbackStatuses); !ok {
			c.add(s.Keys.Of("status", s.At), "unknown feedback status %q", s.Status)
		}
		c.mqttFeedback(s.Keys.Of("status", s.At), s.Messages, s.Status, true)
	case *ExpectFeedbackCounts:
		c.feedback(s, s.Keys, s.Messages, s.Within, s.Counts, false)
		for _, status := range FeedbackStatuses {
			if n, ok := s.Counts[status]; ok && n.Min > 0 {
				c.mqttFeedback(s.Keys.Of("counts", s.At), s.Messages, status, false)
			}
		}
	case *ExpectNoFeedback:
		c.messageSet(s, s.Messages)
		c.window(s, s.Keys, s.For)
	case *ExpectDispositions:
		c.dispositions(s)
	case *ExpectNoMessage:
		c.selected(s.Devices)
		c.window(s, s.Keys, s.For)
	case *ExpectSendOutcomes:
		c.messageSet(s, s.Messages)
	case *ExpectQueued:
		c.selected(s.Devices)
		c.within(s, s.Keys, s.Within)
	default:
		c.add(s.Position(), "hubspec cannot run a step of type %T", s)
	}
}

func (c *checker) within(s Step, keys KeyPos, d time.Duration) {
	if d < 0 {
		c.add(keys.Of("within", s.Position()), "within must be positive")
	}
}

func (c *checker) receive(s *ExpectReceive) {
	c.within(s, s.Keys, s.Within)
	devices := c.selected(s.Devices)
	for _, i := range devices {
		if !c.online[i] && s.Count.Min > 0 {
			c.add(s.Devices.At, "device %s is offline at this step, so it cannot receive; connect it first", c.fleet[i].ID)
			break
		}
	}
	c.mqttReceive(s, devices)
	if _, ok := ParseEnum(string(s.Order), Orders); !ok && s.Order != "" {
		c.add(s.Keys.Of("order", s.At), "unknown order %q (want any, sent or listed)", s.Order)
	}
	if s.Order == OrderListed && len(s.Messages) == 0 {
		c.add(s.Keys.Of("order", s.At), "order: listed needs the messages listed")
	}
	if s.Count.Max != Unbounded && len(s.Messages) > s.Count.Max {
		c.add(s.Keys.Of("messages", s.At), "%d messages are listed but the count is %s", len(s.Messages), s.Count)
	}
}

// messageSet checks a set's references and returns the earlier sends it covers.
func (c *checker) messageSet(s Step, set MessageSet) []*Send {
	if !set.Devices.IsZero() {
		c.selected(set.Devices)
	}
	if set.Send == "" {
		if len(c.sends) == 0 {
			c.add(s.Position(), "%s: no message is sent before this step", kind(s))
		}
		return c.sends
	}
	send, ok := c.labels[set.Send]
	if !ok {
		c.add(s.Position(), "%s: there is no send with id %q before this step", kind(s), set.Send)
		return nil
	}
	return []*Send{send}
}

// feedback checks that the sends covered can produce each status the step expects
// (every send, when every message must get it; one, when the step counts), and that
// the deadline leaves time for the hub to deliver the feedback.
func (c *checker) feedback(s Step, keys KeyPos, set MessageSet, within time.Duration, counts map[FeedbackStatus]Count, every bool) {
	sends := c.messageSet(s, set)
	for _, status := range FeedbackStatuses {
		if n, ok := counts[status]; ok && n.Min > 0 {
			c.ackYields(s, sends, status, every)
		}
	}
	c.within(s, keys, within)
	interval := c.feedbackInterval()
	if deadline := c.sc.Deadline(s); deadline <= interval {
		c.add(keys.Of("within", s.Position()), "feedback within %s cannot be relied on: %s may hold a feedback record for up to %s to batch it; allow more", deadline, c.hubName(), interval)
	}
}

func (c *checker) hubName() string {
	if c.opts.RealHub {
		return "IoT Hub"
	}
	return "the embedded hub (emulator.feedbackBatchInterval)"
}

// ackYields reports a send whose ack mode never produces status, when every message
// must get it; otherwise, that no send's ack mode produces it.
func (c *checker) ackYields(s Step, sends []*Send, status FeedbackStatus, every bool) {
	var first *Send // the first accepted send that cannot yield status
	for _, send := range sends {
		switch {
		case send.Outcome != Accepted && send.Outcome != AnyOutcome:
		case send.Ack.Yields(status) && !every:
			return
		case !send.Ack.Yields(status) && first == nil:
			first = send
		}
	}
	if first != nil {
		c.add(s.Position(), "feedback %s is expected, but the send at %s uses ack %s, which never produces it (%s needs ack %s)", status, first.At.From(s.Position()), first.Ack, status, ackFor(status))
	}
}

func ackFor(status FeedbackStatus) string {
	if status == Success {
		return "positive or full"
	}
	return "negative or full"
}

func (c *checker) dispositions(s *ExpectDispositions) {
	c.within(s, s.Keys, s.Within)
	c.mqttDispositions(s, c.selected(s.Devices))
}

package ledger

import "fmt"

// contradiction: records that cannot all be true. Each check returns "" when it finds
// nothing; the first finding decides.
func contradiction(c *fateCase) (State, string, bool) {
	checks := []func(*fateCase) string{
		refusedYetSeen, misrouted, mqttRejectOrAbandon, settledTwice, deliveredAfterSettled,
		feedbackDisagrees, feedbackNotAsked, feedbackVersusDevice,
	}
	for _, check := range checks {
		if why := check(c); why != "" {
			return FateContradicted, why, true
		}
	}
	return "", "", false
}

// refusedYetSeen: the hub refused the send, yet the message was delivered or got feedback.
func refusedYetSeen(c *fateCase) string {
	h := c.h
	switch {
	case !h.Refused():
		return ""
	case len(h.Deliveries) > 0:
		return fmt.Sprintf("refused at send (%s) yet delivered to %s at %s", h.Outcome.Result,
			h.Deliveries[0].Device, c.rel(h.Deliveries[0].At))
	case len(h.Feedback) > 0:
		return fmt.Sprintf("refused at send (%s) yet feedback %s at %s", h.Outcome.Result,
			h.Feedback[0].Status, c.rel(h.Feedback[0].At))
	}
	return ""
}

// misrouted: delivered to a device it was not sent to.
func misrouted(c *fateCase) string {
	for _, d := range c.h.Deliveries {
		if d.Device != c.h.Sent.Device {
			return fmt.Sprintf("sent to %s but delivered to %s at %s", c.h.Sent.Device, d.Device, c.rel(d.At))
		}
	}
	return ""
}

// mqttRejectOrAbandon: a reject or abandon over MQTT that did not fail. MQTT has
// neither, so the device client must refuse both; a record of one is a bug.
func mqttRejectOrAbandon(c *fateCase) string {
	for _, s := range c.h.Settlements {
		if s.Transport == MQTT && !s.Failed && (s.Disposition == Reject || s.Disposition == Abandon) {
			return fmt.Sprintf("%s by %s at %s over MQTT, which has no %s", s.Disposition, s.Device, c.rel(s.At), s.Disposition)
		}
	}
	return ""
}

// settledTwice: two successful completes or rejects. Over MQTT a second PUBACK is
// not one: the hub ignores a PUBACK for a delivery it no longer holds.
func settledTwice(c *fateCase) string {
	first, ok := c.h.Terminal()
	if !ok {
		return ""
	}
	for _, s := range c.h.Settlements {
		if s.Seq > first.Seq && !s.Failed && s.Disposition.terminal() && !s.puback() {
			return fmt.Sprintf("settled twice: %s at %s, then %s at %s",
				settledAs(first), c.rel(first.At), settledAs(s), c.rel(s.At))
		}
	}
	return ""
}

// deliveredAfterSettled: delivered again after a successful complete or reject. (An
// MQTT PUBACK followed by a delivery is not terminal: the PUBACK was lost.)
func deliveredAfterSettled(c *fateCase) string {
	t, ok := c.h.Terminal()
	if !ok || !deliveredAfter(c.h, t.Seq) {
		return ""
	}
	last := c.h.Deliveries[len(c.h.Deliveries)-1]
	return fmt.Sprintf("delivered again at %s after %s at %s", c.rel(last.At), settledAs(t), c.rel(t.At))
}

// feedbackDisagrees: feedback records with different statuses.
func feedbackDisagrees(c *fateCase) string {
	fb := c.h.Feedback
	for _, f := range fb[min(1, len(fb)):] {
		if f.Status != fb[0].Status {
			return fmt.Sprintf("feedback %s at %s, then %s at %s", fb[0].Status, c.rel(fb[0].At),
				f.Status, c.rel(f.At))
		}
	}
	return ""
}

// feedbackNotAsked: feedback the message's ack mode does not ask for.
func feedbackNotAsked(c *fateCase) string {
	ack := c.h.Sent.Ack
	if ack == "" {
		ack = AckNone
	}
	for _, f := range c.h.Feedback {
		if !ack.allows(f.Status) {
			return fmt.Sprintf("feedback %s at %s for a message sent with ack %s", f.Status, c.rel(f.At), ack)
		}
	}
	return ""
}

// feedbackVersusDevice: the device completed or rejected it, and feedback says otherwise.
// Over MQTT the hub does not answer a PUBACK, and one sent as the connection ended may
// never reach it: feedback (Expired, Purged) then outranks the PUBACK.
func feedbackVersusDevice(c *fateCase) string {
	t, ok := c.h.Terminal()
	if !ok || len(c.h.Feedback) == 0 || t.puback() {
		return ""
	}
	fb := c.h.Feedback[0]
	if want := settlementStatus[t.Disposition]; fb.Status != want {
		return fmt.Sprintf("%s by %s at %s, but feedback %s at %s", settledAs(t), t.Device,
			c.rel(t.At), fb.Status, c.rel(fb.At))
	}
	return ""
}

// settlementStatus is the feedback status a terminal settlement leads to.
var settlementStatus = map[Disposition]FeedbackStatus{Complete: StatusSuccess, Reject: StatusRejected}

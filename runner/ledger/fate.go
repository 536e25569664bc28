package ledger

import (
	"fmt"
	"time"
)

// State is where a message's life ended, as far as the ledger can tell.
type State string

// The states of a message at the end of a scenario. All but FateUnknown and
// FateContradicted are known states.
const (
	FateRefused      State = "refused"       // the hub refused the send
	FateCompleted    State = "completed"     // the device completed it, or feedback Success
	FateRejected     State = "rejected"      // the device rejected it, or feedback Rejected
	FateDeadLettered State = "dead-lettered" // maxDeliveryCount abandons, or DeliveryCountExceeded
	FateExpired      State = "expired"       // feedback Expired, or its expiry passed unsettled
	FatePurged       State = "purged"        // feedback Purged, or its device's queue was purged
	FateDeleted      State = "deleted"       // its device was deleted while it was pending
	FateQueued       State = "queued"        // left in the device queue, as the scenario expects
	FateUnknown      State = "unknown"       // nothing recorded explains where it went
	FateContradicted State = "contradicted"  // the records disagree with each other
)

// Known reports whether s is a known state.
func (s State) Known() bool { return s != "" && s != FateUnknown && s != FateContradicted }

// Fate is where one message's life ended and why the ledger says so.
type Fate struct {
	MessageID string
	Device    string
	State     State
	// Reason is the evidence, or for an unknown fate what is known, with times relative to
	// the scenario start.
	Reason string
}

// Rules are what the ledger needs to know, beyond its events, to account for messages.
type Rules struct {
	// End is when the scenario ended; zero means now.
	End time.Time
	// MaxDeliveryCount is the hub's cloudToDevice.maxDeliveryCount; 0 if unknown.
	MaxDeliveryCount int
	// DefaultTTL is the hub's cloudToDevice.defaultTtlAsIso8601; 0 if unknown.
	DefaultTTL time.Duration
	// ExpectQueued reports whether the scenario expects a message to remain in its
	// device's queue at the end (an offline device, for example). Nil expects none.
	ExpectQueued func(History) bool
}

// fateCase is one message being accounted for.
type fateCase struct {
	h       History
	actions []Event // runner actions on the message's device
	rules   Rules
	start   time.Time
}

// rel formats t relative to the scenario start.
func (c *fateCase) rel(t time.Time) string { return Relative(c.start, t) }

// fateRule decides a message's fate when it applies. The rules run in order; the first
// that applies decides.
type fateRule func(c *fateCase) (State, string, bool)

// fateRules is the order in which evidence is weighed (see the package comment).
var fateRules = []fateRule{
	contradiction,
	refusedAtSend,
	byFeedback,
	bySettlement,
	byDeliveryCount,
	noOutcome,
	byRunnerAction,
	byExpiry,
	byExpectation,
}

// decide returns the fate of one message.
func (c *fateCase) decide() Fate {
	f := Fate{MessageID: c.h.Sent.MessageID, Device: c.h.Sent.Device}
	for _, rule := range fateRules {
		if state, why, ok := rule(c); ok {
			f.State, f.Reason = state, why
			return f
		}
	}
	f.State, f.Reason = FateUnknown, c.unknownReason()
	return f
}

// refusedAtSend: the hub refused the send.
func refusedAtSend(c *fateCase) (State, string, bool) {
	o := c.h.Outcome
	if !o.refused() {
		return "", "", false
	}
	return FateRefused, fmt.Sprintf("refused at send at %s: %s%s", c.rel(o.At), o.Result, detail(o)), true
}

// byFeedback: a feedback record names the outcome.
func byFeedback(c *fateCase) (State, string, bool) {
	if len(c.h.Feedback) == 0 {
		return "", "", false
	}
	fb := c.h.Feedback[0]
	return statusFate[fb.Status], fmt.Sprintf("feedback %s at %s", fb.Status, c.rel(fb.At)), true
}

// statusFate maps a feedback status to the state it proves.
var statusFate = map[FeedbackStatus]State{
	StatusSuccess: FateCompleted, StatusRejected: FateRejected, StatusExpired: FateExpired,
	StatusDeliveryCountExceeded: FateDeadLettered, StatusPurged: FatePurged,
}

// bySettlement: the device completed or rejected it (an MQTT device: sent the PUBACK,
// and the hub did not deliver the message again).
func bySettlement(c *fateCase) (State, string, bool) {
	t, ok := c.h.Terminal()
	if !ok {
		return "", "", false
	}
	state := FateCompleted
	if t.Disposition == Reject {
		state = FateRejected
	}
	return state, fmt.Sprintf("%s by %s at %s", settledAs(t), t.Device, c.rel(t.At)), true
}

// byDeliveryCount: the device abandoned it maxDeliveryCount times.
func byDeliveryCount(c *fateCase) (State, string, bool) {
	n, limit := c.h.Abandons(), c.rules.MaxDeliveryCount
	if limit <= 0 || n < limit {
		return "", "", false
	}
	return FateDeadLettered, fmt.Sprintf("abandoned %d times, maxDeliveryCount is %d (no feedback)", n, limit), true
}

// noOutcome: nothing shows the hub took the message.
func noOutcome(c *fateCase) (State, string, bool) {
	if c.h.Outcome.Kind != AnyKind || len(c.h.Deliveries) > 0 {
		return "", "", false
	}
	return FateUnknown, fmt.Sprintf("sent at %s; no send outcome recorded", c.rel(c.h.Sent.At)), true
}

// byRunnerAction: the runner purged or deleted the device after the send, and the message
// was not delivered again after that.
func byRunnerAction(c *fateCase) (State, string, bool) {
	for _, a := range c.actions {
		if a.Seq < c.h.Sent.Seq || deliveredAfter(c.h, a.Seq) {
			continue
		}
		switch a.Kind {
		case KindPurged:
			return FatePurged, fmt.Sprintf("queue of %s purged at %s (no feedback)", a.Device, c.rel(a.At)), true
		case KindDeviceDeleted:
			return FateDeleted, fmt.Sprintf("device %s deleted at %s while it was pending", a.Device, c.rel(a.At)), true
		}
	}
	return "", "", false
}

// deliveredAfter reports whether the message was delivered after position seq.
func deliveredAfter(h History, seq int) bool {
	return len(h.Deliveries) > 0 && h.Deliveries[len(h.Deliveries)-1].Seq > seq
}

// byExpiry: its expiry passed before the scenario ended.
func byExpiry(c *fateCase) (State, string, bool) {
	exp, source := c.h.Sent.Expiry, "absolute expiry"
	if exp.IsZero() && c.rules.DefaultTTL > 0 {
		exp, source = c.h.Sent.At.Add(c.rules.DefaultTTL), "hub default TTL "+c.rules.DefaultTTL.String()
	}
	if exp.IsZero() || exp.After(c.rules.End) {
		return "", "", false
	}
	return FateExpired, fmt.Sprintf("expired at %s by its %s (no feedback)", c.rel(exp), source), true
}

// byExpectation: the scenario expects it to stay queued.
func byExpectation(c *fateCase) (State, string, bool) {
	if c.rules.ExpectQueued == nil || !c.rules.ExpectQueued(c.h) {
		return "", "", false
	}
	return FateQueued, fmt.Sprintf("left queued on %s, as the scenario expects", c.h.Sent.Device), true
}

// detail formats an event's error text as a suffix.
func detail(e Event) string {
	if e.Detail == "" {
		return ""
	}
	return " (" + e.Detail + ")"
}

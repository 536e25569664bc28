package ledger

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// Line renders one event as a timeline line: time since start, subject, what happened.
func Line(start time.Time, e Event) string {
	subject := e.MessageID
	if e.Kind.deviceAction() {
		subject = e.Device
	}
	return fmt.Sprintf("%-9s %s  %s", Relative(start, e.At), subject, what(start, e))
}

// what says what happened in e, in the scenario's words.
func what(start time.Time, e Event) string {
	switch e.Kind {
	case KindSent:
		return "sent to " + e.Device + sentDetails(start, e)
	case KindSendOutcome:
		if e.refused() {
			return "refused: " + string(e.Result) + detail(e)
		}
		return "accepted"
	case KindDelivered:
		if e.Transport == MQTT {
			return "delivered to " + e.Device + " over MQTT" // no delivery count on the wire
		}
		return fmt.Sprintf("delivered to %s (delivery count %d)", e.Device, e.DeliveryCount)
	case KindSettled:
		return fmt.Sprintf("%s by %s%s", settledAs(e), e.Device, failedSuffix(e))
	case KindFeedback:
		return "feedback " + string(e.Status)
	}
	return deviceWhat(e)
}

// settledAs names a settlement's disposition, saying when a complete was an MQTT
// PUBACK.
func settledAs(e Event) string {
	if e.Transport == MQTT && e.Disposition == Complete {
		return "complete (PUBACK)"
	}
	return string(e.Disposition)
}

// deviceWhat says what a runner action on a device did.
func deviceWhat(e Event) string {
	switch e.Kind {
	case KindPurged:
		return fmt.Sprintf("queue purged (%d messages)", e.Count)
	case KindDeviceDeleted:
		return "device deleted"
	case KindDeviceOffline:
		return "offline"
	case KindDeviceOnline:
		return "online"
	}
	return e.Kind.String()
}

// sentDetails lists what matters about a sent message, in parentheses.
func sentDetails(start time.Time, e Event) string {
	var parts []string
	if e.Ack != "" && e.Ack != AckNone {
		parts = append(parts, "ack "+string(e.Ack))
	}
	if e.CorrelationID != "" {
		parts = append(parts, "correlation-id "+e.CorrelationID)
	}
	if !e.Expiry.IsZero() {
		parts = append(parts, "expires "+Relative(start, e.Expiry))
	}
	parts = append(parts, properties(e.Properties)...)
	if len(parts) == 0 {
		return ""
	}
	return " (" + strings.Join(parts, ", ") + ")"
}

// maxProperties is how many properties a timeline line shows.
const maxProperties = 4

// properties renders properties as sorted k=v pairs, at most maxProperties of them.
func properties(props map[string]string) []string {
	keys := make([]string, 0, len(props))
	for k := range props {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var out []string
	for _, k := range keys[:min(len(keys), maxProperties)] {
		out = append(out, k+"="+clip(props[k], 40))
	}
	if len(keys) > maxProperties {
		out = append(out, fmt.Sprintf("+%d more", len(keys)-maxProperties))
	}
	return out
}

// clip shortens s to at most n runes, marking the cut.
func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

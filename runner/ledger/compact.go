package ledger

import (
	"fmt"
	"slices"
	"strings"
)

// String sums the counts up in one line, in the order of a message's life:
// "sent 3 · accepted 2 · refused 1 (DeviceNotFound 1) · delivered 4 · complete 1 · abandon 2 · feedback Success 1".
// Zero counts after "sent" are left out.
func (c Counts) String() string {
	parts := []string{fmt.Sprintf("sent %d", c.Sent)}
	add := func(label string, n int) {
		if n > 0 {
			parts = append(parts, fmt.Sprintf("%s %d", label, n))
		}
	}
	add("accepted", c.Accepted)
	if c.Refused > 0 {
		parts = append(parts, fmt.Sprintf("refused %d (%s)", c.Refused, countList(c.RefusedBy)))
	}
	add("delivered", c.Deliveries)
	for _, d := range []Disposition{Complete, Reject, Abandon, Ignore, LockExpired} {
		add(string(d), c.Settled[d])
	}
	add("failed settlements", c.SettleFailed)
	for _, s := range []FeedbackStatus{StatusSuccess, StatusRejected, StatusDeliveryCountExceeded, StatusExpired, StatusPurged} {
		add("feedback "+string(s), c.Feedback[s])
	}
	add("stray events", c.Strays)
	return strings.Join(parts, " · ")
}

// countList renders counts by name, sorted by name.
func countList[K ~string](m map[K]int) string {
	keys := make([]K, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%s %d", k, m[k])
	}
	return strings.Join(parts, ", ")
}

// Compact renders the whole scenario for a report's system-out: a line of counts, then
// the timeline with its middle left out beyond maxLines, so that a fleet of thousands of
// messages stays a few dozen lines.
func (l *Ledger) Compact(maxLines int) string {
	return l.Counts().String() + "\n" + l.Timeline(Filter{MaxLines: maxLines}).String()
}

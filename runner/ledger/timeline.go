package ledger

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// Relative formats t relative to start with millisecond precision: "+1.234s".
func Relative(start, t time.Time) string {
	d, sign := t.Sub(start), "+"
	if d < 0 {
		d, sign = -d, "-"
	}
	return fmt.Sprintf("%s%d.%03ds", sign, d/time.Second, d%time.Second/time.Millisecond)
}

// Filter selects what a timeline shows: the life of MessageID (with the runner actions on
// its device), the events naming Device, or both. The zero Filter shows everything.
type Filter struct {
	MessageID string
	Device    string
	// MaxLines caps the lines; the middle is left out when there are more. 0: no cap.
	MaxLines int
}

// Timeline is a compact, time-ordered view of ledger lines, for failure explanations.
type Timeline struct {
	Start  time.Time
	Events []Event
	// Omitted counts the events left out of the middle to respect Filter.MaxLines.
	Omitted int
	head    int
}

// Timeline returns the events f selects, ordered by time.
func (l *Ledger) Timeline(f Filter) Timeline {
	t := Timeline{Start: l.start, Events: l.selectFor(f)}
	slices.SortStableFunc(t.Events, func(a, b Event) int { return a.At.Compare(b.At) })
	if f.MaxLines > 0 && len(t.Events) > f.MaxLines {
		t.head = f.MaxLines / 2
		tail := f.MaxLines - t.head
		t.Omitted = len(t.Events) - f.MaxLines
		t.Events = append(t.Events[:t.head], t.Events[len(t.Events)-tail:]...)
	}
	return t
}

// selectFor returns the events f selects, in recording order.
func (l *Ledger) selectFor(f Filter) []Event {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []Event
	if f.MessageID == "" && f.Device == "" {
		for e := range l.log.all() {
			out = append(out, e)
		}
		return out
	}
	for _, pos := range l.positionsFor(f) {
		out = append(out, l.log.at(pos))
	}
	return out
}

// positionsFor returns, in recording order, the positions of the events of f.MessageID,
// the runner actions on its device and the events naming f.Device. It runs under the lock.
func (l *Ledger) positionsFor(f Filter) []int32 {
	var pos []int32
	if f.MessageID != "" {
		pos = append(pos, l.messagePositions(f.MessageID)...)
		if idx, ok := l.byMessage[f.MessageID]; ok {
			for _, p := range l.byDevice[l.log.at(idx[0]).Device] {
				if l.log.at(p).Kind.deviceAction() {
					pos = append(pos, p)
				}
			}
		}
	}
	pos = append(pos, l.byDevice[f.Device]...)
	slices.Sort(pos)
	return slices.Compact(pos)
}

// messagePositions returns the positions of the events of one message, stray or not.
func (l *Ledger) messagePositions(id string) []int32 {
	if idx, ok := l.byMessage[id]; ok {
		return idx
	}
	var out []int32
	for _, p := range l.strays {
		if l.log.at(p).MessageID == id {
			out = append(out, p)
		}
	}
	return out
}

// Lines renders the timeline, one line per event.
func (t Timeline) Lines() []string {
	out := make([]string, 0, len(t.Events)+1)
	for i, e := range t.Events {
		if t.Omitted > 0 && i == t.head {
			out = append(out, fmt.Sprintf("… %d lines left out …", t.Omitted))
		}
		out = append(out, Line(t.Start, e))
	}
	return out
}

// String renders the timeline as lines ending in newlines.
func (t Timeline) String() string {
	var b strings.Builder
	for _, line := range t.Lines() {
		b.WriteString(line)
		b.WriteByte('\n')
	}
	return b.String()
}

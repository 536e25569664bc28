package ledger

import (
	"fmt"
	"strings"
	"testing"
)

func TestCountsString(t *testing.T) {
	s := newScript()
	s.sent("a", "d1", AckFull).accepted("a").delivered("a", "d1", 0).settled("a", "d1", Abandon).
		delivered("a", "d1", 1).settled("a", "d1", Complete).feedback("a", "d1", StatusSuccess)
	s.sent("b", "d9", AckNone).refused("b", DeviceNotFound, "")
	s.sent("c", "d1", AckNone).refused("c", QueueFull, "")
	want := "sent 3 · accepted 1 · refused 2 (DeviceMaximumQueueDepthExceeded 1, DeviceNotFound 1) · " +
		"delivered 2 · complete 1 · abandon 1 · feedback Success 1"
	if got := s.l.Counts().String(); got != want {
		t.Errorf("Counts.String()\n = %q\nwant %q", got, want)
	}
	if got := New(Options{}).Counts().String(); got != "sent 0" {
		t.Errorf("empty ledger: %q", got)
	}
}

func TestCompactStaysSmallForAFleet(t *testing.T) {
	s := newScript()
	for i := range 1000 {
		id, d := fmt.Sprintf("m%d", i), fmt.Sprintf("d%d", i)
		s.sent(id, d, AckNone).accepted(id).delivered(id, d, 0).settled(id, d, Complete)
	}
	out := s.l.Compact(20)
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(lines) != 22 {
		t.Fatalf("%d lines, want the counts, 20 timeline lines and the left-out note:\n%s", len(lines), out)
	}
	if lines[0] != "sent 1000 · accepted 1000 · delivered 1000 · complete 1000" {
		t.Errorf("counts line %q", lines[0])
	}
	if lines[11] != "… 3980 lines left out …" {
		t.Errorf("middle line %q", lines[11])
	}
}

package ledger

import (
	"strings"
	"testing"
	"time"
)

func TestRelative(t *testing.T) {
	tests := []struct {
		d    time.Duration
		want string
	}{
		{0, "+0.000s"},
		{1234567 * time.Microsecond, "+1.234s"},
		{61*time.Second + 5*time.Millisecond, "+61.005s"},
		{-250 * time.Millisecond, "-0.250s"},
	}
	for _, tc := range tests {
		if got := Relative(t0, t0.Add(tc.d)); got != tc.want {
			t.Errorf("Relative(%v) = %q, want %q", tc.d, got, tc.want)
		}
	}
}

// timelineScript is a small scenario with two devices.
func timelineScript() *script {
	s := newScript()
	_ = s.l.RecordSent(Sent{MessageID: "m1", Device: "d1", Ack: AckFull, CorrelationID: "order-17",
		Expiry: at(60000), Properties: map[string]string{"priority": "high", "zone": "b"}, At: s.tick()})
	s.accepted("m1")
	s.sent("m2", "d2", AckNone).refused("m2", QueueFull, "C2D queue is full (50 messages)")
	s.delivered("m1", "d1", 0).settled("m1", "d1", Abandon).delivered("m1", "d1", 1)
	s.settleFailed("m1", "d1", Complete, "lock lost")
	s.offline("d1").purged("d1", 1).feedback("m1", "d1", StatusPurged)
	return s
}

func TestTimelineOfAMessage(t *testing.T) {
	got := timelineScript().l.Timeline(Filter{MessageID: "m1"}).String()
	want := `+0.010s   m1  sent to d1 (ack full, correlation-id order-17, expires +60.000s, priority=high, zone=b)
+0.020s   m1  accepted
+0.050s   m1  delivered to d1 (delivery count 0)
+0.060s   m1  abandon by d1
+0.070s   m1  delivered to d1 (delivery count 1)
+0.080s   m1  complete by d1 (failed: lock lost)
+0.090s   d1  offline
+0.100s   d1  queue purged (1 messages)
+0.110s   m1  feedback Purged
`
	if got != want {
		t.Errorf("timeline:\n%s\nwant:\n%s", got, want)
	}
}

func TestTimelineOfADevice(t *testing.T) {
	got := timelineScript().l.Timeline(Filter{Device: "d2"}).Lines()
	want := []string{
		"+0.030s   m2  sent to d2",
		"+0.040s   m2  refused: DeviceMaximumQueueDepthExceeded (C2D queue is full (50 messages))",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("timeline:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestTimelineOrdersByTime(t *testing.T) {
	s := newScript()
	s.sent("m", "d", AckNone)
	// The device goroutine records its delivery before the sender records the outcome.
	s.l.RecordDelivery(Delivery{MessageID: "m", Device: "d", At: at(30)})
	s.l.RecordSendOutcome("m", Accepted, "", at(20))
	got := s.l.Timeline(Filter{}).Lines()
	if len(got) != 3 || !strings.Contains(got[1], "accepted") || !strings.Contains(got[2], "delivered") {
		t.Errorf("timeline not in time order:\n%s", strings.Join(got, "\n"))
	}
}

func TestTimelineLeavesOutTheMiddle(t *testing.T) {
	s := newScript()
	for range 10 {
		s.offline("d").online("d")
	}
	tl := s.l.Timeline(Filter{Device: "d", MaxLines: 5})
	lines := tl.Lines()
	if tl.Omitted != 15 || len(lines) != 6 {
		t.Fatalf("omitted %d, %d lines, want 15 and 6:\n%s", tl.Omitted, len(lines), strings.Join(lines, "\n"))
	}
	if lines[0] != "+0.010s   d  offline" || lines[2] != "… 15 lines left out …" || lines[5] != "+0.200s   d  online" {
		t.Errorf("lines:\n%s", strings.Join(lines, "\n"))
	}
}

func TestTimelineShowsFewProperties(t *testing.T) {
	s := newScript()
	props := map[string]string{"a": "1", "b": "2", "c": "3", "d": "4", "e": "5", "long": strings.Repeat("x", 60)}
	_ = s.l.RecordSent(Sent{MessageID: "m", Device: "d", Properties: props, At: at(0)})
	got := s.l.Timeline(Filter{MessageID: "m"}).Lines()[0]
	want := "+0.000s   m  sent to d (a=1, b=2, c=3, d=4, +2 more)"
	if got != want {
		t.Errorf("line = %q, want %q", got, want)
	}
	if c := clip(strings.Repeat("é", 50), 40); len([]rune(c)) != 40 || !strings.HasSuffix(c, "…") {
		t.Errorf("clip = %q", c)
	}
}

func TestLineForEveryKind(t *testing.T) {
	tests := []struct {
		e    Event
		want string
	}{
		{Event{Kind: KindDeviceDeleted, Device: "d", At: at(5)}, "+0.005s   d  device deleted"},
		{Event{Kind: KindDeviceOnline, Device: "d", At: at(5)}, "+0.005s   d  online"},
		{Event{Kind: KindSettled, MessageID: "m", Device: "d", Disposition: Ignore, At: at(5)}, "+0.005s   m  ignore by d"},
		{Event{Kind: KindSendOutcome, MessageID: "m", Result: Unauthorized, At: at(5)}, "+0.005s   m  refused: Unauthorized"},
	}
	for _, tc := range tests {
		if got := Line(t0, tc.e); got != tc.want {
			t.Errorf("Line = %q, want %q", got, tc.want)
		}
	}
}

func TestTimelineOfAMessageAndADevice(t *testing.T) {
	s := timelineScript()
	s.delivered("ghost", "d2", 0)
	got := s.l.Timeline(Filter{MessageID: "ghost", Device: "d2"}).Lines()
	want := []string{
		"+0.030s   m2  sent to d2",
		"+0.040s   m2  refused: DeviceMaximumQueueDepthExceeded (C2D queue is full (50 messages))",
		"+0.120s   ghost  delivered to d2 (delivery count 0)",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("timeline:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if stray := s.l.Timeline(Filter{MessageID: "ghost"}); len(stray.Events) != 1 {
		t.Errorf("a stray message's timeline has %d events, want its delivery", len(stray.Events))
	}
}

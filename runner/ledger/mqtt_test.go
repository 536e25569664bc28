package ledger

import (
	"strings"
	"testing"
)

// TestMQTTFates: over MQTT a PUBACK completes, the hub answers nothing, and the delivery
// count does not travel. The ledger accounts for that: a PUBACK the message came back
// after was lost, not a contradiction, and feedback outranks a PUBACK.
func TestMQTTFates(t *testing.T) {
	const d1 = "d1"
	tests := []struct {
		name   string
		run    func(s *script)
		state  State
		reason string
	}{
		{"PUBACK completes", func(s *script) {
			s.sent("m", d1, AckNone).accepted("m").deliveredMQTT("m", d1).puback("m", d1)
		}, FateCompleted, "complete (PUBACK) by d1 at +0.040s"},
		{"a PUBACK lost with the connection, then delivered again and acknowledged", func(s *script) {
			s.sent("m", d1, AckNone).accepted("m").deliveredMQTT("m", d1).puback("m", d1).
				offline(d1).online(d1).deliveredMQTT("m", d1).puback("m", d1)
		}, FateCompleted, "complete (PUBACK) by d1 at +0.080s"},
		{"a PUBACK lost, delivered again and left unacknowledged", func(s *script) {
			s.sent("m", d1, AckNone).accepted("m").deliveredMQTT("m", d1).puback("m", d1).deliveredMQTT("m", d1).offline(d1)
		}, FateUnknown, "accepted at +0.020s; delivered 2 times, last at +0.050s; last settlement complete (PUBACK) by d1 at +0.040s; " +
			"d1 offline since +0.060s; no settlement, feedback, purge or expiry accounts for it"},
		{"a second PUBACK for one delivery changes nothing", func(s *script) {
			s.sent("m", d1, AckFull).accepted("m").deliveredMQTT("m", d1).puback("m", d1).puback("m", d1)
		}, FateCompleted, "complete (PUBACK) by d1 at +0.040s"},
		{"feedback outranks a PUBACK that never arrived", func(s *script) {
			s.sent("m", d1, AckFull).accepted("m").deliveredMQTT("m", d1).puback("m", d1).offline(d1).purged(d1, 1).
				feedback("m", d1, StatusPurged)
		}, FatePurged, "feedback Purged at +0.070s"},
		{"Success feedback after a PUBACK", func(s *script) {
			s.sent("m", d1, AckFull).accepted("m").deliveredMQTT("m", d1).puback("m", d1).feedback("m", d1, StatusSuccess)
		}, FateCompleted, "feedback Success at +0.050s"},
		{"a reject over MQTT fails and settles nothing", func(s *script) {
			s.sent("m", d1, AckNone).accepted("m").deliveredMQTT("m", d1)
			s.l.RecordSettlement(Settlement{MessageID: "m", Device: d1, Transport: MQTT, Disposition: Reject,
				Err: errNotSupported, At: s.tick()})
		}, FateUnknown, "accepted at +0.020s; delivered once at +0.030s; last settlement reject by d1 at +0.040s (failed: not supported over MQTT); " +
			"no settlement, feedback, purge or expiry accounts for it"},
		{"an abandon over MQTT that did not fail is a contradiction", func(s *script) {
			s.sent("m", d1, AckNone).accepted("m").deliveredMQTT("m", d1).settledMQTT("m", d1, Abandon)
		}, FateContradicted, "abandon by d1 at +0.040s over MQTT, which has no abandon"},
		{"an AMQP complete followed by a delivery is still a contradiction", func(s *script) {
			s.sent("m", d1, AckNone).accepted("m").delivered("m", d1, 0).settled("m", d1, Complete).delivered("m", d1, 0)
		}, FateContradicted, "delivered again at +0.050s after complete at +0.040s"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := newScript()
			tc.run(s)
			f := s.l.Account(Rules{End: at(1000)}).Fates[0]
			if f.State != tc.state || f.Reason != tc.reason {
				t.Errorf("fate = %s: %q\nwant  %s: %q", f.State, f.Reason, tc.state, tc.reason)
			}
		})
	}
}

// TestMQTTTimeline: an MQTT delivery shows no delivery count (none travels), and its
// complete is a PUBACK.
func TestMQTTTimeline(t *testing.T) {
	s := newScript()
	s.sent("m", "d1", AckNone).accepted("m").deliveredMQTT("m", "d1").puback("m", "d1").settledMQTT("m", "d1", Ignore)
	got := s.l.Timeline(Filter{MessageID: "m"}).String()
	for _, want := range []string{"m  delivered to d1 over MQTT\n", "m  complete (PUBACK) by d1\n", "m  ignore by d1"} {
		if !strings.Contains(got, want) {
			t.Errorf("timeline lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "delivery count") {
		t.Errorf("an MQTT delivery shows a delivery count:\n%s", got)
	}
}

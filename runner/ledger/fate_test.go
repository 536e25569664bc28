package ledger

import (
	"strings"
	"testing"
	"time"
)

func TestFateRules(t *testing.T) {
	const d1, d2 = "d1", "d2"
	expectD1 := func(h History) bool { return h.Sent.Device == d1 }
	tests := []struct {
		name   string
		run    func(s *script)
		rules  Rules
		state  State
		reason string
	}{
		{"device completes", func(s *script) {
			s.sent("m", d1, AckNone).accepted("m").delivered("m", d1, 0).settled("m", d1, Complete)
		}, Rules{}, FateCompleted, "complete by d1 at +0.040s"},
		{"device rejects", func(s *script) {
			s.sent("m", d1, "").accepted("m").delivered("m", d1, 0).settled("m", d1, Reject)
		}, Rules{}, FateRejected, "reject by d1 at +0.040s"},
		{"feedback Success", func(s *script) {
			s.sent("m", d1, AckFull).accepted("m").delivered("m", d1, 0).settled("m", d1, Complete).feedback("m", d1, StatusSuccess)
		}, Rules{}, FateCompleted, "feedback Success at +0.050s"},
		{"feedback Rejected", func(s *script) {
			s.sent("m", d1, AckNegative).accepted("m").delivered("m", d1, 0).settled("m", d1, Reject).feedback("m", d1, StatusRejected)
		}, Rules{}, FateRejected, "feedback Rejected at +0.050s"},
		{"feedback DeliveryCountExceeded", func(s *script) {
			s.sent("m", d1, AckFull).accepted("m").delivered("m", d1, 0).settled("m", d1, Abandon).feedback("m", d1, StatusDeliveryCountExceeded)
		}, Rules{}, FateDeadLettered, "feedback DeliveryCountExceeded at +0.050s"},
		{"feedback Expired", func(s *script) {
			s.sent("m", d1, AckNegative).accepted("m").feedback("m", d1, StatusExpired)
		}, Rules{}, FateExpired, "feedback Expired at +0.030s"},
		{"feedback Purged", func(s *script) {
			s.sent("m", d1, AckFull).accepted("m").purged(d1, 1).feedback("m", d1, StatusPurged)
		}, Rules{}, FatePurged, "feedback Purged at +0.040s"},
		{"refused at send", func(s *script) {
			s.sent("m", d1, AckFull).refused("m", QueueFull, "C2D queue is full (50 messages)")
		}, Rules{}, FateRefused, "refused at send at +0.020s: DeviceMaximumQueueDepthExceeded (C2D queue is full (50 messages))"},
		{"abandoned maxDeliveryCount times", func(s *script) {
			s.sent("m", d1, AckNone).accepted("m").delivered("m", d1, 0).settled("m", d1, Abandon).
				delivered("m", d1, 1).settled("m", d1, Abandon)
		}, Rules{MaxDeliveryCount: 2}, FateDeadLettered, "abandoned 2 times, maxDeliveryCount is 2 (no feedback)"},
		{"abandoned fewer times", func(s *script) {
			s.sent("m", d1, AckNone).accepted("m").delivered("m", d1, 0).settled("m", d1, Abandon).
				delivered("m", d1, 1).settled("m", d1, Abandon)
		}, Rules{MaxDeliveryCount: 3}, FateUnknown,
			"accepted at +0.020s; delivered 2 times, last at +0.050s; last settlement abandon by d1 at +0.060s; " +
				"no settlement, feedback, purge or expiry accounts for it"},
		{"abandoned, maxDeliveryCount not known", func(s *script) {
			s.sent("m", d1, AckNone).accepted("m").delivered("m", d1, 0).settled("m", d1, Abandon)
		}, Rules{}, FateUnknown, "accepted at +0.020s; delivered once at +0.030s; last settlement abandon by d1 at +0.040s; " +
			"no settlement, feedback, purge or expiry accounts for it"},
		{"a failed complete does not count", func(s *script) {
			s.sent("m", d1, AckNone).accepted("m").delivered("m", d1, 0).settleFailed("m", d1, Complete, "lock lost")
		}, Rules{}, FateUnknown, "accepted at +0.020s; delivered once at +0.030s; " +
			"last settlement complete by d1 at +0.040s (failed: lock lost); no settlement, feedback, purge or expiry accounts for it"},
		{"ignored and never seen again", func(s *script) {
			s.sent("m", d1, AckNone).accepted("m").delivered("m", d1, 0).settled("m", d1, Ignore)
		}, Rules{}, FateUnknown, "accepted at +0.020s; delivered once at +0.030s; last settlement ignore by d1 at +0.040s; " +
			"no settlement, feedback, purge or expiry accounts for it"},
		{"no send outcome", func(s *script) { s.sent("m", d1, AckFull) },
			Rules{}, FateUnknown, "sent at +0.010s; no send outcome recorded"},
		{"no send outcome but completed", func(s *script) {
			s.sent("m", d1, AckNone).delivered("m", d1, 0).settled("m", d1, Complete)
		}, Rules{}, FateCompleted, "complete by d1 at +0.030s"},
		{"no send outcome, delivered, never settled", func(s *script) {
			s.sent("m", d1, AckNone).delivered("m", d1, 0)
		}, Rules{}, FateUnknown, "send outcome not recorded; delivered once at +0.020s; " +
			"no settlement, feedback, purge or expiry accounts for it"},
		{"purged by the runner", func(s *script) { s.sent("m", d1, AckNone).accepted("m").purged(d1, 1) },
			Rules{}, FatePurged, "queue of d1 purged at +0.030s (no feedback)"},
		{"purge before the send does not count", func(s *script) { s.purged(d1, 0).sent("m", d1, AckNone).accepted("m") },
			Rules{}, FateUnknown, "accepted at +0.030s; never delivered; no settlement, feedback, purge or expiry accounts for it"},
		{"purge of another device does not count", func(s *script) { s.sent("m", d1, AckNone).accepted("m").purged(d2, 1) },
			Rules{}, FateUnknown, "accepted at +0.020s; never delivered; no settlement, feedback, purge or expiry accounts for it"},
		{"delivered after the purge", func(s *script) {
			s.sent("m", d1, AckNone).accepted("m").purged(d1, 0).delivered("m", d1, 0)
		}, Rules{}, FateUnknown, "accepted at +0.020s; delivered once at +0.040s; " +
			"no settlement, feedback, purge or expiry accounts for it"},
		{"device deleted", func(s *script) { s.sent("m", d1, AckNone).accepted("m").deleted(d1) },
			Rules{}, FateDeleted, "device d1 deleted at +0.030s while it was pending"},
		{"absolute expiry passed", func(s *script) { s.sentExpiring("m", d1, at(15)).accepted("m") },
			Rules{End: at(100)}, FateExpired, "expired at +0.015s by its absolute expiry (no feedback)"},
		{"absolute expiry not yet passed", func(s *script) { s.sentExpiring("m", d1, at(150)).accepted("m") },
			Rules{End: at(100)}, FateUnknown, "accepted at +0.020s; never delivered; no settlement, feedback, purge or expiry accounts for it"},
		{"hub default TTL passed", func(s *script) { s.sent("m", d1, AckNone).accepted("m") },
			Rules{End: at(100), DefaultTTL: 50 * time.Millisecond}, FateExpired,
			"expired at +0.060s by its hub default TTL 50ms (no feedback)"},
		{"left queued as expected", func(s *script) { s.offline(d1).sent("m", d1, AckNone).accepted("m") },
			Rules{ExpectQueued: expectD1}, FateQueued, "left queued on d1, as the scenario expects"},
		{"left queued, not expected", func(s *script) { s.offline(d1).sent("m", d1, AckNone).accepted("m") },
			Rules{}, FateUnknown, "accepted at +0.030s; never delivered; d1 offline since +0.010s; " +
				"no settlement, feedback, purge or expiry accounts for it"},
		{"offline then online is not mentioned", func(s *script) {
			s.offline(d1).online(d1).sent("m", d1, AckNone).accepted("m")
		}, Rules{}, FateUnknown, "accepted at +0.040s; never delivered; no settlement, feedback, purge or expiry accounts for it"},

		{"refused yet delivered", func(s *script) {
			s.sent("m", d1, AckNone).refused("m", QueueFull, "").delivered("m", d1, 0)
		}, Rules{}, FateContradicted, "refused at send (DeviceMaximumQueueDepthExceeded) yet delivered to d1 at +0.030s"},
		{"refused yet feedback", func(s *script) {
			s.sent("m", d1, AckFull).refused("m", DeviceNotFound, "").feedback("m", d1, StatusExpired)
		}, Rules{}, FateContradicted, "refused at send (DeviceNotFound) yet feedback Expired at +0.030s"},
		{"delivered to another device", func(s *script) {
			s.sent("m", d1, AckNone).accepted("m").delivered("m", d2, 0).settled("m", d2, Complete)
		}, Rules{}, FateContradicted, "sent to d1 but delivered to d2 at +0.030s"},
		{"settled twice", func(s *script) {
			s.sent("m", d1, AckNone).accepted("m").delivered("m", d1, 0).settled("m", d1, Complete).settled("m", d1, Reject)
		}, Rules{}, FateContradicted, "settled twice: complete at +0.040s, then reject at +0.050s"},
		{"delivered after complete", func(s *script) {
			s.sent("m", d1, AckNone).accepted("m").delivered("m", d1, 0).settled("m", d1, Complete).delivered("m", d1, 0)
		}, Rules{}, FateContradicted, "delivered again at +0.050s after complete at +0.040s"},
		{"two feedback statuses", func(s *script) {
			s.sent("m", d1, AckFull).accepted("m").feedback("m", d1, StatusExpired).feedback("m", d1, StatusPurged)
		}, Rules{}, FateContradicted, "feedback Expired at +0.030s, then Purged at +0.040s"},
		{"feedback with ack none", func(s *script) {
			s.sent("m", d1, "").accepted("m").delivered("m", d1, 0).settled("m", d1, Complete).feedback("m", d1, StatusSuccess)
		}, Rules{}, FateContradicted, "feedback Success at +0.050s for a message sent with ack none"},
		{"negative feedback with ack positive", func(s *script) {
			s.sent("m", d1, AckPositive).accepted("m").feedback("m", d1, StatusExpired)
		}, Rules{}, FateContradicted, "feedback Expired at +0.030s for a message sent with ack positive"},
		{"Success with ack negative", func(s *script) {
			s.sent("m", d1, AckNegative).accepted("m").delivered("m", d1, 0).settled("m", d1, Complete).feedback("m", d1, StatusSuccess)
		}, Rules{}, FateContradicted, "feedback Success at +0.050s for a message sent with ack negative"},
		{"feedback disagrees with the device", func(s *script) {
			s.sent("m", d1, AckFull).accepted("m").delivered("m", d1, 0).settled("m", d1, Complete).feedback("m", d1, StatusRejected)
		}, Rules{}, FateContradicted, "complete by d1 at +0.040s, but feedback Rejected at +0.050s"},

		{"feedback outranks expiry", func(s *script) {
			s.sentExpiring("m", d1, at(15)).accepted("m").delivered("m", d1, 0).settled("m", d1, Complete)
		}, Rules{End: at(100)}, FateCompleted, "complete by d1 at +0.040s"},
		{"settlement outranks a later purge", func(s *script) {
			s.sent("m", d1, AckNone).accepted("m").delivered("m", d1, 0).settled("m", d1, Complete).purged(d1, 0)
		}, Rules{}, FateCompleted, "complete by d1 at +0.040s"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := newScript()
			tc.run(s)
			if tc.rules.End.IsZero() {
				tc.rules.End = at(1000)
			}
			a := s.l.Account(tc.rules)
			if len(a.Fates) != 1 {
				t.Fatalf("got %d fates, want 1", len(a.Fates))
			}
			f := a.Fates[0]
			if f.State != tc.state || f.Reason != tc.reason {
				t.Errorf("fate = %s: %q\nwant  %s: %q", f.State, f.Reason, tc.state, tc.reason)
			}
			if f.MessageID != "m" || f.Device != d1 {
				t.Errorf("fate names %s to %s, want m to d1", f.MessageID, f.Device)
			}
			if got := a.OK(); got != tc.state.Known() {
				t.Errorf("OK() = %v, want %v (problems: %q)", got, tc.state.Known(), a.Problems())
			}
		})
	}
}

func TestAccountProblemsNameEveryMessage(t *testing.T) {
	s := newScript()
	s.sent("m1", "d1", AckNone).accepted("m1").delivered("m1", "d1", 0).settled("m1", "d1", Complete)
	s.sent("m2", "d1", AckNone).accepted("m2")
	s.sent("m3", "d2", AckNone).refused("m3", DeviceNotFound, "")
	s.delivered("ghost", "d1", 0)
	s.l.RecordSendOutcome("phantom", Accepted, "", s.tick())
	s.feedback("other-run", "d9", StatusSuccess)
	a := s.l.Account(Rules{End: at(1000)})

	want := []string{
		"m2 to d1: fate unknown: accepted at +0.060s; never delivered; no settlement, feedback, purge or expiry accounts for it",
		"ghost delivered to d1 at +0.090s, but this scenario never sent it",
		"phantom: send outcome Accepted at +0.100s for a message this scenario never recorded as sent",
	}
	if got := a.Problems(); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if a.String() != strings.Join(want, "\n") {
		t.Errorf("String() = %q", a.String())
	}
	if a.OK() {
		t.Error("OK() = true with an unknown fate and strays")
	}
	if len(a.StrayOthers) != 1 || a.StrayOthers[0].MessageID != "other-run" {
		t.Errorf("StrayOthers = %+v, want the other run's feedback", a.StrayOthers)
	}
	byState := a.ByState()
	if byState[FateCompleted] != 1 || byState[FateUnknown] != 1 || byState[FateRefused] != 1 || len(byState) != 3 {
		t.Errorf("ByState = %v", byState)
	}
	if u := a.Unaccounted(); len(u) != 1 || u[0].MessageID != "m2" {
		t.Errorf("Unaccounted = %+v, want m2 only", u)
	}
}

func TestAccountKeepsSendOrder(t *testing.T) {
	s := newScript()
	for _, id := range []string{"c", "a", "b"} {
		s.sent(id, "d", AckNone).refused(id, Throttled, "")
	}
	var got []string
	for _, f := range s.l.Account(Rules{}).Fates {
		got = append(got, f.MessageID)
	}
	if strings.Join(got, ",") != "c,a,b" {
		t.Errorf("fates in order %v, want c,a,b", got)
	}
}

func TestExpectQueuedMayQueryTheLedger(t *testing.T) {
	s := newScript()
	s.sent("m", "d1", AckNone).accepted("m")
	// The callback queries the ledger: Account must not hold the lock while calling it.
	a := s.l.Account(Rules{ExpectQueued: func(h History) bool {
		return s.l.Count(Query{Kind: KindDelivered, Device: h.Sent.Device}) == 0
	}})
	if a.Fates[0].State != FateQueued {
		t.Errorf("state = %s, want queued", a.Fates[0].State)
	}
}

func TestStateKnown(t *testing.T) {
	for _, s := range []State{FateRefused, FateCompleted, FateRejected, FateDeadLettered, FateExpired,
		FatePurged, FateDeleted, FateQueued} {
		if !s.Known() {
			t.Errorf("%s.Known() = false", s)
		}
	}
	for _, s := range []State{FateUnknown, FateContradicted, ""} {
		if s.Known() {
			t.Errorf("%q.Known() = true", s)
		}
	}
}

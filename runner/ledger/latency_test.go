package ledger

import (
	"slices"
	"testing"
	"time"
)

func TestSummarizeNearestRank(t *testing.T) {
	ms := func(v ...int) []time.Duration {
		out := make([]time.Duration, len(v))
		for i, x := range v {
			out[i] = time.Duration(x) * time.Millisecond
		}
		return out
	}
	tests := []struct {
		name    string
		samples []time.Duration
		want    Percentiles
	}{
		{"none", nil, Percentiles{}},
		{"one", ms(7), Percentiles{1, 7 * time.Millisecond, 7 * time.Millisecond, 7 * time.Millisecond}},
		{"two", ms(9, 1), Percentiles{2, 1 * time.Millisecond, 9 * time.Millisecond, 9 * time.Millisecond}},
		{"twenty", ms(20, 19, 18, 17, 16, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1),
			Percentiles{20, 10 * time.Millisecond, 19 * time.Millisecond, 20 * time.Millisecond}},
		{"hundred and one", seq(101), Percentiles{101, 51 * time.Millisecond, 96 * time.Millisecond, 101 * time.Millisecond}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			before := append([]time.Duration(nil), tc.samples...)
			if got := Summarize(tc.samples); got != tc.want {
				t.Errorf("Summarize = %+v, want %+v", got, tc.want)
			}
			for i := range before {
				if before[i] != tc.samples[i] {
					t.Fatal("Summarize reordered its input")
				}
			}
		})
	}
}

// seq is 1..n milliseconds.
func seq(n int) []time.Duration {
	out := make([]time.Duration, n)
	for i := range out {
		out[i] = time.Duration(i+1) * time.Millisecond
	}
	return out
}

func TestLedgerLatencies(t *testing.T) {
	s := newScript()
	// a: sent 10, delivered 30 (20 ms), abandoned 40 (10 ms), delivered 50, completed 80 (30 ms)
	s.sent("a", "d1", AckFull).accepted("a").delivered("a", "d1", 0).settled("a", "d1", Abandon).delivered("a", "d1", 1)
	s.ms += 20
	s.settled("a", "d1", Complete)
	// feedback at 90: 80 ms after the send
	s.feedback("a", "d1", StatusSuccess)
	// b: an ignore and a failed settlement are not settlements
	s.sent("b", "d1", AckNone).accepted("b").delivered("b", "d1", 0).settled("b", "d1", Ignore).
		settleFailed("b", "d1", Complete, "lock lost")

	got := s.l.Samples()
	want := Samples{
		SendToReceive:   []time.Duration{20 * time.Millisecond, 20 * time.Millisecond},
		ReceiveToSettle: []time.Duration{10 * time.Millisecond, 30 * time.Millisecond},
		SendToFeedback:  []time.Duration{80 * time.Millisecond},
	}
	if !slices.Equal(got.SendToReceive, want.SendToReceive) ||
		!slices.Equal(got.ReceiveToSettle, want.ReceiveToSettle) ||
		!slices.Equal(got.SendToFeedback, want.SendToFeedback) {
		t.Errorf("samples = %+v\nwant      %+v", got, want)
	}
	lat := s.l.Latencies()
	if lat.ReceiveToSettle.P95 != 30*time.Millisecond || lat.SendToFeedback.Count != 1 {
		t.Errorf("latencies = %+v", lat)
	}
	var merged Samples
	merged.Merge(got)
	merged.Merge(got)
	if len(merged.SendToReceive) != 4 || len(merged.SendToFeedback) != 2 {
		t.Errorf("merged = %+v", merged)
	}
}

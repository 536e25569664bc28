package runner

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/hubspec/hubspec/runner/ledger"
)

// settledCounts counts the devices' successful settlements by disposition (ignore: the
// deliveries they chose not to settle).
func (s *session) settledCounts(ds []*fleetDevice) map[Disposition]int {
	n := map[Disposition]int{}
	for _, d := range ds {
		for _, e := range s.led.Events(ledger.Query{Kind: ledger.KindSettled, Device: d.hubID}) {
			if !e.Failed {
				n[Disposition(e.Disposition)]++
			}
		}
	}
	return n
}

func (s *session) expectDispositions(ctx context.Context, st *ExpectDispositions) error {
	ds := s.fleet.resolve(s.sc, st.Devices)
	holds := func() bool { return countsHold(st.Counts, s.settledCounts(ds)) }
	return s.expectWithin(ctx, st, holds, nil, func(within time.Duration) error { return s.dispositionsFailure(st, ds, within) })
}

func (s *session) dispositionsFailure(st *ExpectDispositions, ds []*fleetDevice, within time.Duration) error {
	got := s.settledCounts(ds)
	f := &Failure{At: st.At, Step: stepName(st),
		Summary:  fmt.Sprintf("want %s, got %s within %s", wantCounts(st.Counts), gotCounts(st.Counts, got), within),
		Expected: fmt.Sprintf("the settlements of %s, counted by disposition: %s, within %s", devicesOf(st.Devices, len(ds)), wantCounts(st.Counts), within),
		Observed: s.settledText(got),
	}
	if len(ds) > 0 {
		f.Ledger = s.linesFor(ledger.Filter{Device: ds[0].hubID})
	}
	return f
}

// settledText lists every disposition counted, and failed settlements.
func (s *session) settledText(got map[Disposition]int) string {
	var parts []string
	for _, d := range Dispositions {
		parts = append(parts, fmt.Sprintf("%s %d", d, got[d]))
	}
	if n := s.led.Counts().SettleFailed; n > 0 {
		parts = append(parts, fmt.Sprintf("failed settlements %d", n))
	}
	return strings.Join(parts, ", ")
}

func (s *session) expectNoMessage(ctx context.Context, st *ExpectNoMessage) error {
	ds := s.fleet.resolve(s.sc, st.Devices)
	start := time.Now()
	arrived := func() (ledger.Event, bool) {
		for _, d := range ds {
			if e, ok := s.led.Last(ledger.Query{Kind: ledger.KindDelivered, Device: d.hubID}); ok && !e.At.Before(start) {
				return e, true
			}
		}
		return ledger.Event{}, false
	}
	happened, err := s.await(ctx, st.For, func() bool { _, ok := arrived(); return ok })
	if !happened || err != nil {
		return err
	}
	e, _ := arrived()
	return &Failure{At: st.At, Step: stepName(st),
		Summary:  fmt.Sprintf("want nothing during %s, got %s on %s%s", st.For, e.MessageID, e.Device, deliveryCountNote(e)),
		Expected: fmt.Sprintf("no message delivered to %s during %s", devicesOf(st.Devices, len(ds)), st.For),
		Observed: fmt.Sprintf("%s delivered to %s at %s", e.MessageID, e.Device, ledger.Relative(s.led.Start(), e.At)),
		Ledger:   s.linesFor(ledger.Filter{MessageID: e.MessageID}),
	}
}

// deliveryCountNote is the delivery count of a delivery, where the transport carries
// one (not over MQTT).
func deliveryCountNote(e ledger.Event) string {
	if e.Transport == ledger.MQTT {
		return ""
	}
	return fmt.Sprintf(" (delivery count %d)", e.DeliveryCount)
}

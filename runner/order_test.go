package runner

import (
	"strings"
	"testing"

	"github.com/hubspec/hubspec/runner/ledger"
)

// TestOutOfOrder: the hub keeps each queue in order, so a message overtaking one sent
// before it cannot be produced end to end; the check is tested on a ledger.
func TestOutOfOrder(t *testing.T) {
	s := &session{led: ledger.New(ledger.Options{})}
	for _, id := range []string{"m-1", "m-2", "m-3"} {
		if err := s.led.RecordSent(ledger.Sent{MessageID: id, Device: "d"}); err != nil {
			t.Fatal(err)
		}
	}
	for _, id := range []string{"m-1", "m-3", "m-2", "m-3"} {
		s.led.RecordDelivery(ledger.Delivery{MessageID: id, Device: "d"})
	}
	got := s.arrivals("d")
	if len(got) != 3 || got[1].id != "m-3" || len(got[1].deliveries) != 2 {
		t.Fatalf("arrivals = %+v, want m-1, m-3 (twice), m-2", got)
	}
	if p := s.outOfOrder(got); !strings.Contains(p, "m-2 arrived after m-3, but was sent before it") {
		t.Errorf("outOfOrder = %q", p)
	}
	if p := s.outOfOrder(got[:2]); p != "" {
		t.Errorf("outOfOrder(m-1, m-3) = %q, want none", p)
	}
}

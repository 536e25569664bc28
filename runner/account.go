package runner

import (
	"context"
	"fmt"
	"time"

	"github.com/hubspec/hubspec/runner/ledger"
)

// settleGrace is how long the end of a scenario waits, beyond the longest settle delay,
// for devices to settle the deliveries they hold, so that no settlement under way is
// taken for a lost message.
const settleGrace = 5 * time.Second

// account waits for settlements under way, then gives every message sent a fate. A
// message whose fate is unknown (or whose records contradict each other) makes a
// *Failure naming it; nil means every message is accounted for.
func (s *session) account(ctx context.Context) *Failure {
	if s.fleet == nil {
		return nil // never opened: nothing was sent
	}
	wctx, cancel := context.WithTimeout(ctx, s.longestDelay()+settleGrace)
	_ = s.inflight.wait(wctx) // what is still unsettled after it is reported below
	cancel()
	cfg := s.sc.Hub.Effective(s.e.RealHub()).CloudToDevice
	a := s.led.Account(ledger.Rules{MaxDeliveryCount: cfg.MaxDeliveryCount, DefaultTTL: time.Duration(cfg.DefaultTTL),
		ExpectQueued: s.queued.expects})
	problems := a.Problems()
	if len(problems) == 0 {
		return nil
	}
	f := &Failure{At: s.sc.At,
		Summary:  fmt.Sprintf("%s not accounted for at the end of the scenario: %s", plural(len(problems), "message"), problems[0]),
		Expected: "every message sent ends in a known state: refused, completed, rejected, dead-lettered, expired, purged, deleted, or still queued where a queued step expects it",
		Observed: listed(problems),
	}
	if u := a.Unaccounted(); len(u) > 0 {
		f.Ledger = s.linesFor(ledger.Filter{MessageID: u[0].MessageID})
	}
	return f
}

// longestDelay is the longest a device of the fleet holds a message before settling.
func (s *session) longestDelay() time.Duration {
	var d time.Duration
	for _, g := range s.sc.Fleet {
		d = max(d, g.Behaviour.Default.Delay)
		for _, r := range g.Behaviour.Rules {
			d = max(d, r.Then.Delay)
		}
	}
	return d
}

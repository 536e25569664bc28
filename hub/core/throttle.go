package core

import (
	"sync"
	"time"
)

// throttle is a token bucket holding one second of sends, simulating the C2D
// send quota of a hub tier. A nil throttle allows everything.
type throttle struct {
	clock Clock
	rate  float64

	mu     sync.Mutex
	tokens float64
	last   time.Time
}

func newThrottle(t Throttling, clock Clock) *throttle {
	if !t.Enabled() {
		return nil
	}
	rate := t.SendsPerSecond()
	return &throttle{clock: clock, rate: rate, tokens: max(rate, 1), last: clock.Now()}
}

// allow takes one token if there is one.
func (t *throttle) allow() bool {
	if t == nil {
		return true
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	now := t.clock.Now()
	t.tokens = min(max(t.rate, 1), t.tokens+now.Sub(t.last).Seconds()*t.rate)
	t.last = now
	if t.tokens < 1 {
		return false
	}
	t.tokens--
	return true
}

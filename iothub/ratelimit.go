package iothub

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// SendRate is a token bucket that paces C2D sends, so that a run can stay
// inside a unit's throttle (an S1 unit allows 100 sends a minute: PerMinute(100)).
// It is safe for concurrent use.
type SendRate struct {
	clock    Clock
	interval time.Duration // time to earn one token
	burst    float64

	mu     sync.Mutex
	tokens float64
	last   time.Time
}

// PerMinute returns a rate of n sends a minute with a burst of one.
func PerMinute(n float64) *SendRate {
	r, _ := NewSendRate(n/60, 1, nil)
	return r
}

// NewSendRate returns a bucket that earns perSecond tokens a second and holds
// at most burst, starting full. A nil clock is the real clock.
func NewSendRate(perSecond float64, burst int, clock Clock) (*SendRate, error) {
	if perSecond <= 0 || burst < 1 {
		return nil, fmt.Errorf("iothub: send rate needs a positive rate and a burst of at least 1 (got %v/s, burst %d)", perSecond, burst)
	}
	clock = clockOrSystem(clock)
	return &SendRate{
		clock:    clock,
		interval: time.Duration(float64(time.Second) / perSecond),
		burst:    float64(burst),
		tokens:   float64(burst),
		last:     clock.Now(),
	}, nil
}

// Wait takes one token, waiting until one is earned or ctx ends. A caller
// whose ctx ends gives its token back.
func (r *SendRate) Wait(ctx context.Context) error {
	if r == nil {
		return nil
	}
	delay := r.reserve()
	if err := sleep(ctx, r.clock, delay); err != nil {
		r.cancel()
		return fmt.Errorf("iothub: waiting for the send rate: %w", err)
	}
	return nil
}

// reserve takes a token, possibly going into debt, and returns how long the
// caller must wait for it to be earned.
func (r *SendRate) reserve() time.Duration {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.refill()
	r.tokens--
	if r.tokens >= 0 {
		return 0
	}
	return time.Duration(-r.tokens * float64(r.interval))
}

func (r *SendRate) cancel() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.tokens = min(r.tokens+1, r.burst)
}

func (r *SendRate) refill() {
	now := r.clock.Now()
	if elapsed := now.Sub(r.last); elapsed > 0 {
		r.tokens = min(r.tokens+float64(elapsed)/float64(r.interval), r.burst)
		r.last = now
	}
}

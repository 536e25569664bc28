package iothub

import (
	"context"
	"math/rand/v2"
	"time"
)

// RetryPolicy says how a client retries an operation that failed with a
// retryable error (throttling, a server fault, a lost connection): exponential
// back-off with jitter, as the official SDKs do.
type RetryPolicy struct {
	// InitialDelay is the delay before the first retry. Default 100ms.
	InitialDelay time.Duration
	// MaxDelay caps one delay. Default 10s.
	MaxDelay time.Duration
	// Multiplier grows the delay after each attempt. Default 2.
	Multiplier float64
	// Jitter is the fraction of each delay that is random, in [0,1]. Default 0.2:
	// a delay d becomes a value in [0.8d, d].
	Jitter float64
	// MaxElapsed ends retrying once this much time has passed since the first
	// attempt. Default 4 minutes, as the Node SDKs (MAX_RETRY_TIMEOUT). The
	// caller's context deadline ends it earlier.
	MaxElapsed time.Duration
	// MaxAttempts ends retrying after this many attempts; 0 means no limit
	// other than MaxElapsed. 1 means never retry.
	MaxAttempts int

	// random returns a number in [0,1); nil means math/rand/v2.
	random func() float64
}

// NoRetry is a RetryPolicy that makes one attempt only: useful in negative tests.
var NoRetry = RetryPolicy{MaxAttempts: 1}

func (p RetryPolicy) withDefaults() RetryPolicy {
	if p.InitialDelay <= 0 {
		p.InitialDelay = 100 * time.Millisecond
	}
	if p.MaxDelay <= 0 {
		p.MaxDelay = 10 * time.Second
	}
	if p.Multiplier < 1 {
		p.Multiplier = 2
	}
	if p.Jitter <= 0 || p.Jitter > 1 {
		p.Jitter = 0.2
	}
	if p.MaxElapsed <= 0 {
		p.MaxElapsed = 4 * time.Minute
	}
	if p.random == nil {
		p.random = rand.Float64
	}
	return p
}

// Delay returns the wait before retry number attempt (1 for the first retry).
func (p RetryPolicy) Delay(attempt int) time.Duration {
	p = p.withDefaults()
	d := float64(p.InitialDelay)
	for i := 1; i < attempt && d < float64(p.MaxDelay); i++ {
		d *= p.Multiplier
	}
	d = min(d, float64(p.MaxDelay))
	d -= d * p.Jitter * p.random()
	return time.Duration(d)
}

// retry runs op until it succeeds, fails with an error that is not retryable,
// or the policy or ctx says stop. It returns op's last error.
func retry(ctx context.Context, clock Clock, p RetryPolicy, op func(context.Context) error) error {
	p = p.withDefaults()
	start := clock.Now()
	for attempt := 1; ; attempt++ {
		err := op(ctx)
		if err == nil || !IsRetryable(err) || p.exhausted(attempt, clock.Now().Sub(start)) {
			return err
		}
		if werr := sleep(ctx, clock, p.Delay(attempt)); werr != nil {
			return err
		}
	}
}

func (p RetryPolicy) exhausted(attempts int, elapsed time.Duration) bool {
	if p.MaxAttempts > 0 && attempts >= p.MaxAttempts {
		return true
	}
	return elapsed >= p.MaxElapsed
}

// sleep waits d on clock, or returns ctx's error if it ends first.
func sleep(ctx context.Context, clock Clock, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := clock.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C():
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// reconnectWithBackOff redials under p until redial succeeds (nil), ctx ends
// (ctx's error), or the last failure is final or p has run out (that
// failure). Before each attempt it reports StateReconnecting with the attempt,
// the delay and the previous failure.
func reconnectWithBackOff(ctx context.Context, clock Clock, p RetryPolicy, final func(error) bool, report func(StateChange), redial func(attempt int) error) error {
	p = p.withDefaults()
	start := clock.Now()
	var lastErr error
	for attempt := 1; ; attempt++ {
		if err := ctx.Err(); err != nil {
			return err
		}
		if attempt > 1 && (final(lastErr) || p.exhausted(attempt-1, clock.Now().Sub(start))) {
			return lastErr
		}
		delay := p.Delay(attempt)
		report(StateChange{State: StateReconnecting, Attempt: attempt, Delay: delay, Err: lastErr})
		if err := sleep(ctx, clock, delay); err != nil {
			return err
		}
		if lastErr = redial(attempt); lastErr == nil {
			return nil
		}
	}
}

package iothub

import (
	"context"
	"errors"
	"testing"
	"time"
)

func TestDelayGrowsExponentiallyToTheCap(t *testing.T) {
	p := RetryPolicy{InitialDelay: 100 * time.Millisecond, MaxDelay: time.Second, Multiplier: 2, random: func() float64 { return 0 }}
	want := []time.Duration{100, 200, 400, 800, 1000, 1000}
	for i, w := range want {
		if got := p.Delay(i + 1); got != w*time.Millisecond {
			t.Errorf("Delay(%d) = %v, want %v", i+1, got, w*time.Millisecond)
		}
	}
}

func TestDelayJitterStaysInItsBand(t *testing.T) {
	for _, r := range []float64{0, 0.5, 0.999} {
		p := RetryPolicy{InitialDelay: time.Second, Jitter: 0.2, random: func() float64 { return r }}
		got := p.Delay(1)
		if got > time.Second || got < 800*time.Millisecond {
			t.Errorf("with random %v, Delay(1) = %v, want within [800ms, 1s]", r, got)
		}
	}
	p := RetryPolicy{InitialDelay: time.Second, Jitter: 0.2, random: func() float64 { return 0.5 }}
	if got := p.Delay(1); got != 900*time.Millisecond {
		t.Errorf("random 0.5 with jitter 0.2 gives %v, want 900ms", got)
	}
}

func TestRetryRetriesOnlyRetryableErrors(t *testing.T) {
	clock := &instantClock{}
	calls := 0
	err := retry(context.Background(), clock, RetryPolicy{}, func(context.Context) error {
		calls++
		if calls < 3 {
			return &Error{Op: "send", Kind: ErrThrottled}
		}
		return nil
	})
	if err != nil || calls != 3 {
		t.Fatalf("retry = %v after %d calls, want nil after 3", err, calls)
	}
	if n := len(clock.Slept()); n != 2 {
		t.Fatalf("backed off %d times, want 2", n)
	}

	calls = 0
	err = retry(context.Background(), clock, RetryPolicy{}, func(context.Context) error {
		calls++
		return &Error{Op: "send", Kind: ErrDeviceNotFound}
	})
	if !errors.Is(err, ErrDeviceNotFound) || calls != 1 {
		t.Fatalf("a non-retryable error was retried: %d calls, err %v", calls, err)
	}
}

func TestRetryStopsAtMaxElapsedAndMaxAttempts(t *testing.T) {
	clock := &instantClock{}
	calls := 0
	throttled := func(context.Context) error { calls++; return &Error{Op: "send", Kind: ErrThrottled} }
	err := retry(context.Background(), clock, RetryPolicy{InitialDelay: time.Second, MaxDelay: time.Second, MaxElapsed: 10 * time.Second}, throttled)
	if !errors.Is(err, ErrThrottled) {
		t.Fatalf("err = %v, want the last throttled error", err)
	}
	if calls < 10 || calls > 13 {
		t.Fatalf("%d attempts in 10s of 0.8-1s back-offs, want about 11", calls)
	}
	calls = 0
	_ = retry(context.Background(), clock, NoRetry, throttled)
	if calls != 1 {
		t.Fatalf("NoRetry made %d attempts", calls)
	}
}

func TestRetryEndsWithContext(t *testing.T) {
	clock := newFakeClock()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- retry(ctx, clock, RetryPolicy{}, func(context.Context) error { return &Error{Op: "send", Kind: ErrServiceUnavailable} })
	}()
	waitUntil(t, "retry to back off", func() bool { return clock.Waiters() == 1 })
	cancel()
	if err := <-done; !errors.Is(err, ErrServiceUnavailable) {
		t.Fatalf("retry after cancel = %v, want the last error", err)
	}
}

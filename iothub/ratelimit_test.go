package iothub

import (
	"context"
	"errors"
	"testing"
	"time"
)

func TestSendRateBurstThenPaced(t *testing.T) {
	clock := newFakeClock()
	rate, err := NewSendRate(2, 3, clock) // 2 a second, burst 3
	if err != nil {
		t.Fatal(err)
	}
	for i := range 3 {
		if d := rate.reserve(); d != 0 {
			t.Fatalf("send %d within the burst waits %v", i+1, d)
		}
	}
	if d := rate.reserve(); d != 500*time.Millisecond {
		t.Fatalf("4th send waits %v, want 500ms", d)
	}
	if d := rate.reserve(); d != time.Second {
		t.Fatalf("5th send waits %v, want 1s (queued behind the 4th)", d)
	}
	clock.Advance(10 * time.Second)
	for i := range 3 {
		if d := rate.reserve(); d != 0 {
			t.Fatalf("after a long pause, send %d waits %v: the bucket should be full again (burst 3, no more)", i+1, d)
		}
	}
	if d := rate.reserve(); d == 0 {
		t.Fatal("the bucket held more than its burst")
	}
}

func TestSendRateWaitBlocksUntilTokenEarned(t *testing.T) {
	clock := newFakeClock()
	rate, _ := NewSendRate(1, 1, clock)
	ctx := context.Background()
	if err := rate.Wait(ctx); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- rate.Wait(ctx) }()
	waitUntil(t, "the second Wait to start its timer", func() bool { return clock.Waiters() == 1 })
	select {
	case err := <-done:
		t.Fatalf("Wait returned %v before a token was earned", err)
	default:
	}
	clock.Advance(time.Second)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

func TestSendRateWaitGivesTokenBackOnCancel(t *testing.T) {
	clock := newFakeClock()
	rate, _ := NewSendRate(1, 1, clock)
	_ = rate.reserve() // empty the bucket
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- rate.Wait(ctx) }()
	waitUntil(t, "Wait to block", func() bool { return clock.Waiters() == 1 })
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Fatalf("Wait after cancel = %v, want context.Canceled", err)
	}
	clock.Advance(time.Second)
	if d := rate.reserve(); d != 0 {
		t.Fatalf("after the cancelled wait gave its token back and 1s passed, a send waits %v", d)
	}
}

func TestPerMinuteMatchesS1(t *testing.T) {
	r := PerMinute(100)
	if r.interval != 600*time.Millisecond {
		t.Fatalf("100 a minute earns a token every %v, want 600ms", r.interval)
	}
}

func TestNewSendRateRefusesNonsense(t *testing.T) {
	for _, c := range []struct {
		rate  float64
		burst int
	}{{0, 1}, {-1, 1}, {1, 0}} {
		if _, err := NewSendRate(c.rate, c.burst, nil); err == nil {
			t.Errorf("NewSendRate(%v, %d) accepted", c.rate, c.burst)
		}
	}
}

func TestNilSendRateDoesNotWait(t *testing.T) {
	var r *SendRate
	if err := r.Wait(context.Background()); err != nil {
		t.Fatal(err)
	}
}

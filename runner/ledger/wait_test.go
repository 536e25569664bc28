package ledger

import (
	"context"
	"errors"
	"testing"
	"time"
)

func TestWaitReturnsWhenTheConditionHolds(t *testing.T) {
	l := New(Options{Start: t0})
	_ = l.RecordSent(Sent{MessageID: "m", Device: "d"})
	delivered := func(l *Ledger) bool { return l.Count(Query{Kind: KindDelivered, MessageID: "m"}) >= 3 }

	done := make(chan error, 1)
	go func() { done <- l.Wait(context.Background(), delivered) }()
	for i := range 3 {
		l.RecordDelivery(Delivery{MessageID: "m", Device: "d", DeliveryCount: i})
	}
	if err := <-done; err != nil {
		t.Fatalf("Wait = %v", err)
	}
	if n := l.Count(Query{Kind: KindDelivered}); n != 3 {
		t.Errorf("Wait returned with %d deliveries recorded", n)
	}
}

func TestWaitChecksBeforeBlocking(t *testing.T) {
	l := New(Options{Start: t0})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	// A condition that already holds wins even over an ended context.
	if err := l.Wait(ctx, func(*Ledger) bool { return true }); err != nil {
		t.Errorf("Wait = %v, want nil", err)
	}
}

func TestWaitEndsWithTheContext(t *testing.T) {
	l := New(Options{Start: t0})
	ctx, cancel := context.WithCancel(context.Background())
	checked := make(chan struct{}, 16)
	done := make(chan error, 1)
	go func() {
		done <- l.Wait(ctx, func(*Ledger) bool { checked <- struct{}{}; return false })
	}()
	<-checked
	l.RecordDeviceOnline("d", time.Time{}) // wakes the waiter, which checks again
	<-checked
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Errorf("Wait = %v, want context.Canceled", err)
	}
}

func TestWaitWithADeadline(t *testing.T) {
	l := New(Options{Start: t0})
	ctx, cancel := context.WithTimeout(context.Background(), time.Millisecond)
	defer cancel()
	err := l.Wait(ctx, func(l *Ledger) bool { return l.Count(Query{Kind: KindFeedback}) > 0 })
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Wait = %v, want context.DeadlineExceeded", err)
	}
}

package iothub

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"
)

// stateLog records what a connection reports.
type stateLog struct {
	mu      sync.Mutex
	changes []StateChange
}

func (l *stateLog) add(s StateChange) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.changes = append(l.changes, s)
}

func (l *stateLog) all() []StateChange {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]StateChange(nil), l.changes...)
}

// reconnectingConnection is a connection whose every dial fails with dialErr,
// as after the hub went away.
func reconnectingConnection(clock Clock, policy RetryPolicy, log *stateLog) (*connection, *int) {
	dials := 0
	opts := (&Options{Clock: clock, Retry: policy, OnStateChange: log.add}).withDefaults()
	c := newConnection("devices", newEndpoint("myhub.azure-devices.net", "", "127.0.0.1:1", "5671"), opts, nil)
	c.dialer = func(context.Context, int) (*generation, error) {
		dials++
		return nil, &Error{Op: "connect", Kind: ErrConnectionLost, Description: "connection refused"}
	}
	return c, &dials
}

func TestReconnectBacksOffReportsAndGivesUp(t *testing.T) {
	clock := newFakeClock()
	log := &stateLog{}
	policy := RetryPolicy{InitialDelay: time.Second, MaxDelay: 4 * time.Second, MaxAttempts: 4, random: func() float64 { return 0 }}
	c, dials := reconnectingConnection(clock, policy, log)

	done := make(chan bool, 1)
	go func() { done <- c.reconnect() }()
	for _, d := range []time.Duration{time.Second, 2 * time.Second, 4 * time.Second, 4 * time.Second} {
		waitUntil(t, "the next back-off", func() bool { return clock.Waiters() == 1 })
		clock.Advance(d)
	}
	if ok := <-done; ok {
		t.Fatal("reconnect succeeded with every dial failing")
	}
	if *dials != 4 {
		t.Fatalf("%d dials, want 4 (MaxAttempts)", *dials)
	}
	changes := log.all()
	if len(changes) != 5 {
		t.Fatalf("%d state changes, want 4 reconnecting and 1 closed: %+v", len(changes), changes)
	}
	for i, want := range []time.Duration{time.Second, 2 * time.Second, 4 * time.Second, 4 * time.Second} {
		s := changes[i]
		if s.State != StateReconnecting || s.Attempt != i+1 || s.Delay != want || s.Connection != "devices" || s.Host != "myhub.azure-devices.net" {
			t.Errorf("change %d = %+v, want reconnecting attempt %d after %v", i, s, i+1, want)
		}
		if (i == 0) != (s.Err == nil) {
			t.Errorf("change %d: err %v; every attempt after the first says why the last failed", i, s.Err)
		}
	}
	if last := changes[4]; last.State != StateClosed || !errors.Is(last.Err, ErrConnectionLost) {
		t.Fatalf("last change %+v, want closed with ErrConnectionLost", last)
	}
	if _, err := c.live(context.Background()); !errors.Is(err, ErrConnectionLost) {
		t.Fatalf("after giving up, live() = %v", err)
	}
}

func TestCloseStopsAReconnectInItsBackOff(t *testing.T) {
	clock := newFakeClock()
	log := &stateLog{}
	c, _ := reconnectingConnection(clock, RetryPolicy{InitialDelay: time.Hour}, log)
	check := noLeak(t)
	go c.run() // no current generation: run starts reconnecting
	waitUntil(t, "the first back-off", func() bool { return clock.Waiters() == 1 })

	waiter := make(chan error, 1)
	go func() { _, err := c.live(context.Background()); waiter <- err }()

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := c.close(ctx); err != nil {
		t.Fatal(err)
	}
	if err := <-waiter; !errors.Is(err, ErrClosed) {
		t.Fatalf("a caller waiting for the connection got %v, want ErrClosed", err)
	}
	changes := log.all()
	if changes[len(changes)-1].State != StateClosed {
		t.Fatalf("last change %+v, want closed", changes[len(changes)-1])
	}
	check()
}

func TestLiveWaitEndsWithContext(t *testing.T) {
	c, _ := reconnectingConnection(newFakeClock(), RetryPolicy{}, &stateLog{})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := c.live(ctx); !errors.Is(err, context.Canceled) {
		t.Fatalf("live() with a cancelled context = %v", err)
	}
}

package ledger

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// Options configures a Ledger. The zero value is ready: the scenario starts now and events
// without a time are stamped with time.Now.
type Options struct {
	// Start is when the scenario started; timelines show times relative to it.
	Start time.Time
	// Now stamps events recorded without a time. Tests inject a fixed clock.
	Now func() time.Time
}

// Ledger is the record of every message one scenario sends and everything that happens to
// it. It is safe for concurrent use: devices, the sender and the feedback receiver record
// into it from their own goroutines.
type Ledger struct {
	start time.Time
	now   func() time.Time

	mu        sync.Mutex
	log       eventLog
	byMessage map[string][]int32 // message id → positions in log; the first is KindSent
	byDevice  map[string][]int32 // device → positions of every event naming it
	strays    []int32            // events for message ids this ledger never sent
	changed   chan struct{}      // closed on the next record; nil while nobody waits
}

// New returns an empty ledger.
func New(opts Options) *Ledger {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Start.IsZero() {
		opts.Start = opts.Now()
	}
	return &Ledger{
		start:     opts.Start,
		now:       opts.Now,
		byMessage: make(map[string][]int32),
		byDevice:  make(map[string][]int32),
	}
}

// Start is when the scenario started.
func (l *Ledger) Start() time.Time { return l.start }

// add appends e under the lock, indexes it and wakes waiters. It refuses a KindSent event
// whose message id is empty or already known.
func (l *Ledger) add(e Event) error {
	if e.At.IsZero() {
		e.At = l.now()
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if err := l.complete(&e); err != nil {
		return err
	}
	e.Seq = l.log.len() + 1
	pos := l.log.append(e)
	l.index(pos, e)
	if l.changed != nil {
		close(l.changed)
		l.changed = nil
	}
	return nil
}

// complete checks a new event against what the ledger knows and fills in the device of a
// send outcome. It runs under the lock.
func (l *Ledger) complete(e *Event) error {
	known, ok := l.byMessage[e.MessageID]
	switch {
	case e.Kind == KindSent && e.MessageID == "":
		return fmt.Errorf("message to device %q: %w", e.Device, ErrMessageID)
	case e.Kind == KindSent && ok:
		return fmt.Errorf("message %q sent twice: %w", e.MessageID, ErrMessageID)
	case e.Kind == KindSendOutcome && ok && e.Device == "":
		e.Device = l.log.at(known[0]).Device
	}
	return nil
}

// index files the event at pos under its message and its device.
func (l *Ledger) index(pos int32, e Event) {
	if e.Device != "" {
		l.byDevice[e.Device] = append(l.byDevice[e.Device], pos)
	}
	if e.Kind.deviceAction() {
		return
	}
	if e.Kind != KindSent {
		if _, ok := l.byMessage[e.MessageID]; !ok {
			l.strays = append(l.strays, pos)
			return
		}
	}
	l.byMessage[e.MessageID] = append(l.byMessage[e.MessageID], pos)
}

// Wait blocks until cond holds or ctx ends, re-checking cond after every recorded event.
// cond may call the ledger's queries. It returns ctx's error when ctx ends first.
func (l *Ledger) Wait(ctx context.Context, cond func(*Ledger) bool) error {
	for {
		l.mu.Lock()
		if l.changed == nil {
			l.changed = make(chan struct{})
		}
		changed := l.changed
		l.mu.Unlock()
		if cond(l) {
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-changed:
		}
	}
}

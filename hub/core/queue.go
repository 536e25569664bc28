package core

import (
	"sort"
	"sync"
	"time"
)

// entryState is where a message is in IoT Hub's life cycle (spec §8.1). The end
// states (Completed, Dead lettered) are not stored: the entry leaves the queue.
type entryState uint8

const (
	stateEnqueued entryState = iota
	stateInvisible
)

// entry is one message in a lockQueue.
type entry[T any] struct {
	item       T
	seq        uint64
	expiry     time.Time
	state      entryState
	deliveries int
	lock       LockToken
	lockExpiry time.Time
	owner      *receiver
}

// receiver is one consumer of a lockQueue. closed is guarded by the queue's mu.
type receiver struct {
	notify func()
	closed bool
}

// received is what a receive hands out: a snapshot taken under the lock.
type received[T any] struct {
	item       T
	deliveries int
	lock       LockToken
}

// queueSettings are fixed for the life of a queue.
type queueSettings struct {
	clock            Clock
	life             *lifecycle
	tokens           *tokenSource
	lockDuration     time.Duration
	maxDeliveryCount int
	// limit is the queue depth (0: unlimited).
	limit int
	// dropOldest makes a full queue drop its oldest Enqueued message, without
	// outcome, instead of refusing the new one.
	dropOldest bool
}

// queueHooks connect a lockQueue to its owner.
type queueHooks[T any] struct {
	// admit stamps an item being enqueued and returns its expiry (mu held).
	admit func(item T, seq uint64, now time.Time) time.Time
	// end sees every message leave the queue with its outcome (mu held).
	end func(item T, status FeedbackStatus, now time.Time)
	// after runs after an operation that ended messages, mu released.
	after func()
	// snapshot copies an item for a receiver, under mu (nil: share the item).
	snapshot func(item T) T
}

// lockQueue is IoT Hub's queue state machine, used for each device's C2D queue
// and for the hub-wide feedback queue: FIFO delivery under a lock with a lock
// token, complete, reject, abandon with a delivery count and a maximum, lock
// expiry, per-message expiry on a timer, purge, and competing receivers woken
// by a non-blocking notify.
//
// One timer per queue is armed at or before the earliest deadline (message
// expiry or lock expiry). Removing a message leaves the timer as it is; when it
// fires it finds what is due and re-arms for the next deadline.
type lockQueue[T any] struct {
	queueSettings
	hooks queueHooks[T]

	mu        sync.Mutex
	entries   []*entry[T] // ordered by seq
	locked    map[LockToken]*entry[T]
	ready     int
	nextSeq   uint64
	receivers []*receiver // copy-on-write: a snapshot may be read unlocked
	closedErr error
	timer     Timer
	timerAt   time.Time
	timerSeq  uint64
}

func newLockQueue[T any](s queueSettings, hooks queueHooks[T]) *lockQueue[T] {
	return &lockQueue[T]{queueSettings: s, hooks: hooks, locked: map[LockToken]*entry[T]{}}
}

// notifyAll wakes receivers; call it with no lock held.
func notifyAll(rs []*receiver) {
	for _, r := range rs {
		if r.notify != nil {
			r.notify()
		}
	}
}

// push enqueues item and returns the receivers to wake.
func (q *lockQueue[T]) push(item T) ([]*receiver, error) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.closedErr != nil {
		return nil, q.closedErr
	}
	if q.limit > 0 && len(q.entries) >= q.limit && !q.dropFirstReady() {
		return nil, ErrQueueFull
	}
	now := q.clock.Now()
	q.nextSeq++
	e := &entry[T]{item: item, seq: q.nextSeq}
	e.expiry = q.hooks.admit(item, e.seq, now)
	q.entries = append(q.entries, e)
	q.ready++
	q.armFor(e.expiry, now)
	return q.receivers, nil
}

// addReceiver registers a consumer.
func (q *lockQueue[T]) addReceiver(notify func()) (*receiver, error) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.closedErr != nil {
		return nil, q.closedErr
	}
	r := &receiver{notify: notify}
	rs := make([]*receiver, 0, len(q.receivers)+1)
	q.receivers = append(append(rs, q.receivers...), r)
	return r, nil
}

// receive locks the oldest Enqueued message for r (Enqueued → Invisible).
func (q *lockQueue[T]) receive(r *receiver) (received[T], bool, error) {
	q.mu.Lock()
	if q.closedErr != nil {
		q.mu.Unlock()
		return received[T]{}, false, q.closedErr
	}
	if r.closed {
		q.mu.Unlock()
		return received[T]{}, false, errorf(CodeArgumentInvalid, "the receiver is closed")
	}
	now := q.clock.Now()
	woke := q.catchUp(now)
	got, ok := q.lockFirst(r, now)
	q.mu.Unlock()
	q.finish(woke)
	return got, ok, nil
}

// lockFirst moves the oldest Enqueued entry to Invisible under a new lock.
// mu held.
func (q *lockQueue[T]) lockFirst(r *receiver, now time.Time) (received[T], bool) {
	e := q.firstReady()
	if e == nil {
		return received[T]{}, false
	}
	e.state, e.owner = stateInvisible, r
	e.lock = q.tokens.next()
	e.lockExpiry = now.Add(q.lockDuration)
	q.locked[e.lock] = e
	q.ready--
	q.armFor(e.lockExpiry, now)
	item := e.item
	if q.hooks.snapshot != nil {
		item = q.hooks.snapshot(item)
	}
	return received[T]{item: item, deliveries: e.deliveries, lock: e.lock}, true
}

// dropFirstReady makes room in a dropOldest queue by removing its oldest
// Enqueued entry; it reports whether it did. mu held.
func (q *lockQueue[T]) dropFirstReady() bool {
	if !q.dropOldest {
		return false
	}
	e := q.firstReady()
	if e != nil {
		q.remove(e, "", q.clock.Now())
	}
	return e != nil
}

func (q *lockQueue[T]) firstReady() *entry[T] {
	if q.ready == 0 {
		return nil
	}
	for _, e := range q.entries {
		if e.state == stateEnqueued {
			return e
		}
	}
	return nil
}

// outcome is how a receiver settles a delivery.
type outcome uint8

const (
	outcomeComplete outcome = iota
	outcomeReject
	outcomeAbandon
)

// settle applies a receiver's outcome to the delivery with lock token t. A
// token that is unknown, expired, or held by another receiver is lock lost.
func (q *lockQueue[T]) settle(r *receiver, t LockToken, o outcome) error {
	q.mu.Lock()
	if q.closedErr != nil {
		q.mu.Unlock()
		return lockLost(t)
	}
	now := q.clock.Now()
	woke := q.catchUp(now)
	e := q.locked[t]
	if e == nil || e.owner != r {
		q.mu.Unlock()
		q.finish(woke)
		return lockLost(t)
	}
	woke = q.apply(e, o, now) || woke
	q.mu.Unlock()
	q.finish(woke)
	return nil
}

func lockLost(t LockToken) error {
	return errorf(CodeDeviceMessageLockLost, "lock "+t.String()+" is not held: the message was settled, its lock expired, or it was removed")
}

// apply carries out an outcome on a locked entry; it reports whether a message
// became available again.
func (q *lockQueue[T]) apply(e *entry[T], o outcome, now time.Time) bool {
	switch o {
	case outcomeComplete:
		q.remove(e, StatusSuccess, now)
	case outcomeReject:
		q.remove(e, StatusRejected, now)
	case outcomeAbandon:
		e.deliveries++
		if e.deliveries >= q.maxDeliveryCount {
			q.remove(e, StatusDeliveryCountExceeded, now)
			return false
		}
		q.unlock(e)
		return true
	}
	return false
}

// finish runs the owner's after hook and wakes receivers if woke; no lock held.
func (q *lockQueue[T]) finish(woke bool) {
	if q.hooks.after != nil {
		q.hooks.after()
	}
	if woke {
		q.mu.Lock()
		rs := q.receivers
		q.mu.Unlock()
		notifyAll(rs)
	}
}

// unlock returns an Invisible entry to Enqueued.
func (q *lockQueue[T]) unlock(e *entry[T]) {
	delete(q.locked, e.lock)
	e.state, e.owner, e.lock = stateEnqueued, nil, LockToken{}
	q.ready++
}

// remove takes e out of the queue with an outcome (status "" for none).
func (q *lockQueue[T]) remove(e *entry[T], status FeedbackStatus, now time.Time) {
	i := sort.Search(len(q.entries), func(i int) bool { return q.entries[i].seq >= e.seq })
	if i < len(q.entries) && q.entries[i] == e {
		q.entries = append(q.entries[:i], q.entries[i+1:]...)
	}
	q.forget(e)
	if status != "" && q.hooks.end != nil {
		q.hooks.end(e.item, status, now)
	}
}

// forget drops the bookkeeping of an entry already cut from q.entries.
func (q *lockQueue[T]) forget(e *entry[T]) {
	if e.state == stateInvisible {
		delete(q.locked, e.lock)
	} else {
		q.ready--
	}
}

// closeReceiver returns r's locked messages to Enqueued without counting a
// delivery (as on link loss) and stops notifying r.
func (q *lockQueue[T]) closeReceiver(r *receiver) {
	q.mu.Lock()
	if r.closed {
		q.mu.Unlock()
		return
	}
	r.closed = true
	rs := make([]*receiver, 0, len(q.receivers))
	for _, other := range q.receivers {
		if other != r {
			rs = append(rs, other)
		}
	}
	q.receivers = rs
	woke := false
	for _, e := range q.entries {
		if e.state == stateInvisible && e.owner == r {
			q.unlock(e)
			woke = true
		}
	}
	q.mu.Unlock()
	if woke {
		notifyAll(rs)
	}
}

// purge removes every message, each with the Purged outcome.
func (q *lockQueue[T]) purge() (int, error) {
	q.mu.Lock()
	if q.closedErr != nil {
		q.mu.Unlock()
		return 0, q.closedErr
	}
	now := q.clock.Now()
	all := q.entries
	q.entries = nil
	for _, e := range all {
		q.forget(e)
		if q.hooks.end != nil {
			q.hooks.end(e.item, StatusPurged, now)
		}
	}
	q.stopTimer()
	q.mu.Unlock()
	q.finish(false)
	return len(all), nil
}

// shutdown closes the queue for good: messages are dropped without outcome,
// the timer stops and receivers are woken to see err.
func (q *lockQueue[T]) shutdown(err error) {
	q.mu.Lock()
	if q.closedErr != nil {
		q.mu.Unlock()
		return
	}
	q.closedErr = err
	q.entries, q.locked, q.ready = nil, map[LockToken]*entry[T]{}, 0
	q.stopTimer()
	rs := q.receivers
	q.mu.Unlock()
	notifyAll(rs)
}

// edit lets fn change each item; entries for which fn returns false are dropped
// without outcome.
func (q *lockQueue[T]) edit(fn func(item T) bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	kept := q.entries[:0]
	for _, e := range q.entries {
		if fn(e.item) {
			kept = append(kept, e)
		} else {
			q.forget(e)
		}
	}
	clear(q.entries[len(kept):])
	q.entries = kept
}

// depth is the number of messages in the queue, Enqueued or Invisible.
func (q *lockQueue[T]) depth() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	return len(q.entries)
}

// receiverCount is the number of open receivers.
func (q *lockQueue[T]) receiverCount() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	return len(q.receivers)
}

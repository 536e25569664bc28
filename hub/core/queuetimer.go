package core

import "time"

// catchUp applies whatever is due (message expiry, lock expiry) if the timer's
// deadline has passed, so that an operation never sees a stale state even when
// the timer goroutine has not run yet. It reports whether a message returned to
// Enqueued. mu held.
func (q *lockQueue[T]) catchUp(now time.Time) bool {
	if q.timerAt.IsZero() || now.Before(q.timerAt) {
		return false
	}
	woke := q.expireDue(now)
	q.rearm(now)
	return woke
}

// expireDue dead-letters expired messages (Expired) and returns messages whose
// lock expired to Enqueued without counting a delivery. mu held.
func (q *lockQueue[T]) expireDue(now time.Time) bool {
	woke := false
	kept := q.entries[:0]
	var expired []*entry[T]
	for _, e := range q.entries {
		if !now.Before(e.expiry) {
			expired = append(expired, e)
			continue
		}
		if e.state == stateInvisible && !now.Before(e.lockExpiry) {
			q.unlock(e)
			woke = true
		}
		kept = append(kept, e)
	}
	clear(q.entries[len(kept):])
	q.entries = kept
	for _, e := range expired {
		q.forget(e)
		if q.hooks.end != nil {
			q.hooks.end(e.item, StatusExpired, now)
		}
	}
	return woke
}

// nextDeadline is the earliest message or lock expiry; zero if none. mu held.
func (q *lockQueue[T]) nextDeadline() time.Time {
	var next time.Time
	for _, e := range q.entries {
		next = earlier(next, e.expiry)
		if e.state == stateInvisible {
			next = earlier(next, e.lockExpiry)
		}
	}
	return next
}

// earlier returns the earlier of a and b, treating zero as "none".
func earlier(a, b time.Time) time.Time {
	if a.IsZero() || b.Before(a) {
		return b
	}
	return a
}

// rearm points the timer at the next deadline. mu held.
func (q *lockQueue[T]) rearm(now time.Time) {
	next := q.nextDeadline()
	if next.IsZero() {
		q.stopTimer()
		return
	}
	q.armFor(next, now)
}

// armFor makes sure the timer fires no later than deadline. mu held.
func (q *lockQueue[T]) armFor(deadline, now time.Time) {
	if q.timer != nil && !deadline.Before(q.timerAt) {
		return
	}
	q.stopTimer()
	q.timerSeq++
	seq := q.timerSeq
	q.timerAt = deadline
	q.timer = q.clock.AfterFunc(deadline.Sub(now), func() { q.onTimer(seq) })
}

func (q *lockQueue[T]) stopTimer() {
	if q.timer != nil {
		q.timer.Stop()
	}
	q.timer, q.timerAt = nil, time.Time{}
}

// onTimer runs when the timer armed as seq fires.
func (q *lockQueue[T]) onTimer(seq uint64) {
	if !q.life.enter() {
		return
	}
	defer q.life.exit()
	q.mu.Lock()
	if q.closedErr != nil {
		q.mu.Unlock()
		return
	}
	if seq == q.timerSeq {
		q.timer, q.timerAt = nil, time.Time{}
	}
	now := q.clock.Now()
	woke := q.expireDue(now)
	q.rearm(now)
	q.mu.Unlock()
	q.finish(woke)
}

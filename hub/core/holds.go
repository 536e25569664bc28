package core

// Holds reports whether this receiver still holds the lock t: false once the
// delivery is settled, its lock has expired (even if the queue's timer has not
// run yet), the message has left the queue, or t is another receiver's. A head
// whose flow control counts unsettled deliveries (the MQTT in-flight window)
// asks it to tell live deliveries from stale ones.
func (s settler[T]) Holds(t LockToken) bool { return s.queue.holds(s.r, t) }

// holds reports whether r holds the unexpired lock t.
func (q *lockQueue[T]) holds(r *receiver, t LockToken) bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	e := q.locked[t]
	return e != nil && e.owner == r && q.clock.Now().Before(e.lockExpiry)
}

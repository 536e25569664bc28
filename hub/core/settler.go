package core

// settler is the settling half of a receiver, shared by device and feedback
// receivers.
type settler[T any] struct {
	queue *lockQueue[T]
	r     *receiver
}

// Complete ends the delivery with lock token t successfully. A token this
// receiver does not hold (settled, expired, removed, another receiver's) gives
// ErrLockLost.
func (s settler[T]) Complete(t LockToken) error { return s.queue.settle(s.r, t, outcomeComplete) }

// Reject dead-letters the message.
func (s settler[T]) Reject(t LockToken) error { return s.queue.settle(s.r, t, outcomeReject) }

// Abandon returns the message to the queue and counts a delivery; at the
// queue's maxDeliveryCount the message is dead-lettered instead.
func (s settler[T]) Abandon(t LockToken) error { return s.queue.settle(s.r, t, outcomeAbandon) }

// Close stops the receiver. Messages it holds locked return to Enqueued without
// counting a delivery (as on AMQP link loss or MQTT disconnect; spec §5.3).
func (s settler[T]) Close() { s.queue.closeReceiver(s.r) }

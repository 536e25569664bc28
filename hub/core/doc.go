// Package core is the transport-independent heart of hubspec's IoT Hub
// emulator: the device registry, shared access policies, SAS validation,
// per-device cloud-to-device (C2D) queues with IoT Hub's state machine, and
// delivery feedback. The protocol heads (AMQP, MQTT, HTTPS) translate their
// wire into calls on a *Hub; nothing here knows a socket.
//
// # Message life cycle
//
// Each device has a FIFO queue of at most MaxQueueDepth messages:
//
//	Enqueued ──TryReceive──► Invisible (locked, lock token)
//	   ▲                        │ Complete ──► Completed            (Success)
//	   │                        │ Reject   ──► Dead lettered        (Rejected)
//	   ├──── Abandon (count+1) ─┤ Abandon at maxDeliveryCount ──►   (DeliveryCountExceeded)
//	   └── lock expiry, receiver Close (count unchanged)
//	any state ── expiry ──► Dead lettered (Expired);  Purge ──► (Purged)
//
// The outcome in brackets becomes a feedback record when the message's ack
// mode asks for it (positive: Success; negative: the others; full: all).
// Records are batched, at most MaxFeedbackRecords per feedback message, and a
// batch is sent when full or when Emulator.FeedbackBatchInterval has passed
// since its first record. Feedback messages live on one hub-wide queue with the
// same state machine (its own lock duration, TTL and maxDeliveryCount),
// consumed competitively by FeedbackReceivers.
//
// # Receivers
//
// A head opens a DeviceReceiver or FeedbackReceiver with a notify func. The
// core calls notify (never under a lock, possibly spuriously) whenever a
// message may be available; the head pulls with TryReceive as long as it has
// room (AMQP link credit, MQTT in-flight window) and settles by lock token.
//
// # Time
//
// Every deadline runs on the injected Clock: one timer per queue, armed at or
// before its earliest message or lock expiry, so messages expire on time
// whether or not the device is connected. Tests use FakeClock and never sleep.
//
// # Lock order
//
// Locks are taken only in this order, never the reverse:
//
//	lifecycle.mu (leaf, never held across a call)
//	registry.mu
//	  → a device queue's mu (lockQueue.mu)
//	    → feedback.mu (records added from a device queue's outcome hook)
//	      → the feedback queue's mu, keyGenerator.mu
//	throttle.mu and the clock's own lock are leaves.
//
// No callback (notify, a head's code) runs while any core lock is held; timer
// functions take the locks they need themselves.
package core

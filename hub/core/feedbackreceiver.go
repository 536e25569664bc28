package core

import "time"

// FeedbackDelivery is one delivery of a feedback message.
type FeedbackDelivery struct {
	// MessageID is a GUID string.
	MessageID string
	// UserID is the hub name (the AMQP user-id).
	UserID string
	// ContentType is FeedbackContentType.
	ContentType string
	// EnqueuedTime is when the batch was queued (iothub-enqueuedtime).
	EnqueuedTime time.Time
	// ExpiryTime is when the batch expires unconsumed.
	ExpiryTime time.Time
	// Records are the batch's records; Body is their JSON (spec §7.2).
	Records []FeedbackRecord
	Body    []byte
	// DeliveryCount is how many times the batch was abandoned before.
	DeliveryCount int
	// LockToken settles this delivery; it is the AMQP delivery tag.
	LockToken LockToken
}

// FeedbackReceiver is one competing consumer of the hub-wide feedback queue.
// Complete removes a batch, Reject drops it, Abandon returns it with its
// delivery count raised (dropped at the feedback maxDeliveryCount).
type FeedbackReceiver struct {
	settler[*feedbackMessage]
	hubName string
}

// OpenFeedbackReceiver starts consuming feedback; notify is as for
// OpenDeviceReceiver (pull once after opening: batches already queued notify
// nobody). Each batch goes to one receiver.
func (h *Hub) OpenFeedbackReceiver(notify func()) (*FeedbackReceiver, error) {
	r, err := h.feedback.queue.addReceiver(notify)
	if err != nil {
		return nil, err
	}
	return &FeedbackReceiver{settler: settler[*feedbackMessage]{queue: h.feedback.queue, r: r}, hubName: h.hubName}, nil
}

// TryReceive locks the next feedback message without blocking; ok is false
// when there is none.
func (r *FeedbackReceiver) TryReceive() (d FeedbackDelivery, ok bool, err error) {
	got, ok, err := r.queue.receive(r.r)
	if !ok || err != nil {
		return FeedbackDelivery{}, false, err
	}
	m := got.item
	return FeedbackDelivery{
		MessageID: m.id, UserID: r.hubName, ContentType: FeedbackContentType,
		EnqueuedTime: m.enqueued, ExpiryTime: m.expiry, Records: m.records, Body: m.body,
		DeliveryCount: got.deliveries, LockToken: got.lock,
	}, true, nil
}

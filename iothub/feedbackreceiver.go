package iothub

import (
	"context"
	"errors"
	"time"

	"github.com/Azure/go-amqp"
)

// FeedbackReceiver reads the hub-wide feedback queue. Receivers compete: each
// batch goes to one of them. Settle every batch: Complete deletes it,
// Abandon gives it back for redelivery.
type FeedbackReceiver struct {
	client *ServiceClient
	slot   *linkSlot[*amqp.Receiver]
}

// FeedbackBatch is one feedback message: up to 64 records.
type FeedbackBatch struct {
	Records      []FeedbackRecord
	EnqueuedTime time.Time // iothub-enqueuedtime
	UserID       string    // the hub's name
	LockToken    string    // the delivery tag as a GUID
	settle       settler
}

func (b *FeedbackBatch) settlerOf() settler {
	if b == nil {
		return nil
	}
	return b.settle
}

// FeedbackReceiver attaches a receiver on the feedback queue.
func (c *ServiceClient) FeedbackReceiver(ctx context.Context) (*FeedbackReceiver, error) {
	r := &FeedbackReceiver{client: c}
	r.slot = newLinkSlot(c.conn, c.openFeedback)
	if _, _, err := r.slot.get(ctx); err != nil {
		return nil, opError("attach feedback receiver", "", serviceSide, err)
	}
	c.mu.Lock()
	c.receivers[r] = struct{}{}
	c.mu.Unlock()
	return r, nil
}

func (c *ServiceClient) openFeedback(ctx context.Context, s *amqp.Session) (*amqp.Receiver, error) {
	r, err := s.NewReceiver(ctx, feedbackAddress, &amqp.ReceiverOptions{
		Name:           "hubspec-feedback-" + newUUID(),
		Credit:         int32(min(c.opts.Prefetch, 1<<31-1)),
		SettlementMode: amqp.ReceiverSettleModeSecond.Ptr(), // the hub confirms each settlement
		Properties:     clientProperties(),
	})
	if err != nil {
		return nil, mapAMQPError("attach feedback receiver", "", serviceSide, err)
	}
	return r, nil
}

// Receive waits for the next feedback batch. A body that is not a feedback
// JSON array is rejected back to the hub and reported as an error that
// matches ErrMalformedFeedback; the receiver stays usable.
func (r *FeedbackReceiver) Receive(ctx context.Context) (*FeedbackBatch, error) {
	o := r.client.opts
	recv, raw, err := receiveOn(ctx, r.slot, o.Retry, o.Clock, "receive feedback", "", serviceSide)
	if err != nil {
		return nil, err
	}
	m := fromAMQP(raw)
	records, err := ParseFeedback(m.Body)
	if err != nil {
		rerr := recv.RejectMessage(ctx, raw, &amqp.Error{Condition: amqp.ErrCondDecodeError, Description: "not a feedback JSON array"})
		return nil, errors.Join(err, mapAMQPError("reject malformed feedback", "", serviceSide, rerr))
	}
	return &FeedbackBatch{
		Records: records, EnqueuedTime: m.EnqueuedTime, UserID: m.UserID, LockToken: m.LockToken,
		settle: newAMQPDelivery(recv, raw, "", serviceSide, r),
	}, nil
}

// Complete deletes the batch from the feedback queue, and returns once the
// hub has done so. A batch whose lock expired, or that was settled already,
// is ErrMessageLockLost.
func (r *FeedbackReceiver) Complete(ctx context.Context, b *FeedbackBatch) error {
	return settleMessage(ctx, r, b, dispositionComplete, "")
}

// Abandon gives the batch back; the hub delivers it again.
func (r *FeedbackReceiver) Abandon(ctx context.Context, b *FeedbackBatch) error {
	return settleMessage(ctx, r, b, dispositionAbandon, "")
}

// Close detaches the receiver; unsettled batches go back to the queue.
func (r *FeedbackReceiver) Close(ctx context.Context) error {
	r.client.mu.Lock()
	delete(r.client.receivers, r)
	r.client.mu.Unlock()
	return r.slot.close(ctx)
}

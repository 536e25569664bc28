package amqphead

import (
	"github.com/hubspec/hubspec/hub/core"
	"github.com/hubspec/hubspec/internal/amqpserver"
	"github.com/hubspec/hubspec/internal/amqpwire"
)

// feedbackNode is /messages/servicebound/feedback (spec §7): each link is a
// competing consumer of the hub-wide feedback queue. Batches go out unsettled
// with a 16-byte lock token as tag; accepted completes a batch, released or
// modified abandons it, rejected drops it. Late and duplicate dispositions
// (the Node SDK's auto-accept followed by complete) are ignored.
type feedbackNode struct{ head *Head }

// Attach opens a feedback receiver for a service with ServiceConnect.
func (n feedbackNode) Attach(l *amqpserver.Link) (amqpserver.Accept, error) {
	if l.Role() != amqpwire.RoleSender {
		return amqpserver.Accept{}, newError(amqpwire.ConditionNotAllowed, "the feedback queue is received from; it takes no messages")
	}
	if err := authorize(n.head.hub, l.Conn(), core.ReceiveFeedback, ""); err != nil {
		return amqpserver.Accept{}, unauthorized(err)
	}
	r, err := n.head.hub.OpenFeedbackReceiver(l.Wake)
	if err != nil {
		return amqpserver.Accept{}, hubError(err)
	}
	q := &queueLink[core.FeedbackDelivery]{
		receive: r.TryReceive,
		encode:  feedbackMessage,
		lock:    func(d core.FeedbackDelivery) core.LockToken { return d.LockToken },
		settler: r,
	}
	return q.accept(), nil
}

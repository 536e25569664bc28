package amqphead

import (
	"errors"

	"github.com/hubspec/hubspec/hub/core"
	"github.com/hubspec/hubspec/internal/amqpserver"
	"github.com/hubspec/hubspec/internal/amqpwire"
)

// deviceNode is /devices/{id}/messages/devicebound, where a device receives
// its C2D messages (spec §5). Only a token for that device (or a policy with
// DeviceConnect) opens it. Each link is a competing receiver of the device's
// queue: messages go out unsettled within the link's credit, tagged with their
// 16-byte lock token, and the device's disposition settles them (accepted =
// complete, rejected = reject, released or modified = abandon). A link that
// goes away returns its locked messages to the queue.
type deviceNode struct{ head *Head }

// Attach opens a device receiver for the link.
func (n deviceNode) Attach(l *amqpserver.Link) (amqpserver.Accept, error) {
	if l.Role() != amqpwire.RoleSender {
		return amqpserver.Accept{}, newError(amqpwire.ConditionNotAllowed, "a device receives from its devicebound queue; it cannot send to it")
	}
	deviceID := l.PathValue("id")
	if err := authorize(n.head.hub, l.Conn(), core.ReceiveC2D, deviceID); err != nil {
		return amqpserver.Accept{}, unauthorized(err)
	}
	r, err := n.head.hub.OpenDeviceReceiver(deviceID, l.Wake)
	if err != nil {
		return amqpserver.Accept{}, hubError(err)
	}
	q := &queueLink[core.Delivery]{
		receive: r.TryReceive,
		encode:  func(d core.Delivery) ([]byte, error) { return deviceMessage(deviceID, d) },
		lock:    func(d core.Delivery) core.LockToken { return d.LockToken },
		settler: r,
	}
	return q.accept(), nil
}

// settler is how a queue link settles by lock token: a core DeviceReceiver or
// FeedbackReceiver.
type settler interface {
	Complete(core.LockToken) error
	Reject(core.LockToken) error
	Abandon(core.LockToken) error
	Close()
}

// queueLink serves one link on which the hub sends from a core queue: the
// device's C2D queue or the feedback queue.
type queueLink[D any] struct {
	receive func() (D, bool, error)
	encode  func(D) ([]byte, error)
	lock    func(D) core.LockToken
	settler settler
}

func (q *queueLink[D]) accept() amqpserver.Accept {
	return amqpserver.Accept{Handler: amqpserver.LinkHandler{
		Credit:      q.onCredit,
		Disposition: q.onDisposition,
		Detached:    func(*amqpserver.Link, error, []*amqpserver.Delivery) { q.settler.Close() },
	}}
}

// onCredit sends messages while the link has credit and the queue has some.
func (q *queueLink[D]) onCredit(l *amqpserver.Link) {
	for l.Credit() > 0 {
		d, ok, err := q.receive()
		if err != nil {
			l.Detach(hubError(err))
			return
		}
		if !ok {
			return
		}
		q.send(l, d)
	}
}

// send transfers one locked message. One that cannot go out on this link
// (larger than the peer's max-message-size, say) is abandoned: it is offered
// again, and dead-lettered at maxDeliveryCount rather than stuck.
func (q *queueLink[D]) send(l *amqpserver.Link, d D) {
	lock := q.lock(d)
	payload, err := q.encode(d)
	if err == nil {
		var dl *amqpserver.Delivery
		if dl, err = l.Send(lock[:], payload, false); err == nil {
			dl.UserData = lock
			return
		}
	}
	l.Conn().Logger().Warn("message abandoned: it cannot be sent on this link", "link", l.Name(), "error", err)
	_ = q.settler.Abandon(lock)
}

// onDisposition applies the peer's outcome. A disposition for a lock that is
// no longer held (the lock expired and the message went to another delivery)
// is ignored, except that a peer waiting for our settlement (rcv-settle-mode
// second) is told com.microsoft:message-lock-lost.
func (q *queueLink[D]) onDisposition(d *amqpserver.Delivery) {
	lock, ok := d.UserData.(core.LockToken)
	if !ok || !amqpwire.IsOutcome(d.State) {
		return
	}
	err := q.settle(lock, d.State)
	if err != nil && !d.RemoteSettled && errors.Is(err, core.ErrLockLost) {
		d.Settle(amqpwire.Rejected{Error: newError(conditionMessageLockLost, err.Error())})
	}
}

func (q *queueLink[D]) settle(lock core.LockToken, state amqpwire.DeliveryState) error {
	switch state.(type) {
	case amqpwire.Accepted:
		return q.settler.Complete(lock)
	case amqpwire.Rejected:
		return q.settler.Reject(lock)
	default: // released, modified
		return q.settler.Abandon(lock)
	}
}

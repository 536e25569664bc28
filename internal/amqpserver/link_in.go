package amqpserver

import (
	"fmt"

	"github.com/hubspec/hubspec/internal/amqpwire"
)

// onTransfer handles a transfer frame: session flow control, then the link.
func (s *Session) onTransfer(t *amqpwire.Transfer) {
	if s.incomingWindow == 0 {
		s.end(amqpwire.NewError(amqpwire.ConditionWindowViolation, "transfer beyond the session's incoming-window"))
		return
	}
	s.incomingWindow--
	s.nextIncomingID++
	l := s.byInput[t.Handle]
	switch {
	case l == nil:
		s.end(amqpwire.NewError(amqpwire.ConditionUnattachedHandle, fmt.Sprintf("transfer on handle %d, which is not attached", t.Handle)))
		return
	case l.detaching:
		return
	case l.role != amqpwire.RoleReceiver:
		l.detach(amqpwire.NewError(amqpwire.ConditionNotAllowed, "transfer on a link where the server is the sender"))
	default:
		l.onTransfer(t)
	}
	if s.incomingWindow <= s.conn.opts.SessionWindow/2 {
		s.incomingWindow = s.conn.opts.SessionWindow
		s.writeFlow(nil)
	}
}

// onTransfer adds a frame to the delivery it belongs to and hands complete
// deliveries to the node.
func (l *Link) onTransfer(t *amqpwire.Transfer) {
	d := l.partial
	if d == nil {
		if d = l.startDelivery(t); d == nil {
			return
		}
	}
	d.RemoteSettled = d.RemoteSettled || t.Settled
	if t.Aborted {
		l.partial = nil
		return
	}
	if uint64(len(d.Payload))+uint64(len(t.Payload)) > l.maxMsgSize {
		l.detach(amqpwire.NewError(amqpwire.ConditionMessageSizeExceeded,
			fmt.Sprintf("message larger than the link's max-message-size of %d bytes", l.maxMsgSize)))
		return
	}
	l.appendPayload(d, t)
	if t.More {
		l.partial = d
		return
	}
	l.partial = nil
	l.deliver(d)
}

// startDelivery opens a delivery on its first frame, which uses one credit.
func (l *Link) startDelivery(t *amqpwire.Transfer) *Delivery {
	if !t.DeliveryID.Set || t.DeliveryTag == nil {
		l.detach(amqpwire.NewError(amqpwire.ConditionNotAllowed, "the first transfer of a delivery must carry a delivery-id and a delivery-tag"))
		return nil
	}
	if l.credit == 0 {
		l.detach(amqpwire.NewError(amqpwire.ConditionTransferLimitExceeded, "transfer without link credit"))
		return nil
	}
	l.credit--
	l.deliveryCount++
	return &Delivery{
		ID: t.DeliveryID.Value, Tag: t.DeliveryTag, Format: t.MessageFormat.Or(0),
		link: l, rcvMode: t.RcvSettleMode.Or(l.rcvMode),
	}
}

// appendPayload keeps the frame's payload: a single-frame delivery keeps the
// frame's own bytes, a multi-frame one is copied together.
func (l *Link) appendPayload(d *Delivery, t *amqpwire.Transfer) {
	if d.Payload == nil && !t.More {
		d.Payload = t.Payload
		return
	}
	d.Payload = append(d.Payload, t.Payload...)
}

// deliver hands a complete delivery to the node and keeps it while unsettled.
func (l *Link) deliver(d *Delivery) {
	if !d.RemoteSettled {
		d.counted = true
		l.unsettled++
	}
	if l.handler.Message != nil {
		l.handler.Message(d)
	} else {
		d.Settle(amqpwire.Rejected{Error: amqpwire.NewError(amqpwire.ConditionNotImplemented, "the node does not take messages")})
	}
	if d.counted && !l.finished {
		l.session.inUnsettled[d.ID] = d
	}
	l.topUpCredit()
}

// settleIncoming tells the peer the outcome the node chose.
func (l *Link) settleIncoming(d *Delivery) {
	if d.RemoteSettled || !d.counted {
		return
	}
	c := l.session.conn
	if d.rcvMode == amqpwire.ReceiverSettleModeSecond {
		c.queueDisposition(l.session, amqpwire.RoleReceiver, d.ID, false, d.State)
		return
	}
	c.queueDisposition(l.session, amqpwire.RoleReceiver, d.ID, true, d.State)
	l.forget(d)
}

// onPeerSettled handles the peer settling a delivery it sent: the end of mode
// second, or the peer giving up on it. In mode second the server settles last
// and says so: rhea keeps a delivery until its receiver has settled it, and
// peers that forgot the delivery ignore the disposition.
func (l *Link) onPeerSettled(d *Delivery) {
	d.RemoteSettled = true
	if d.settled && d.counted {
		l.session.conn.queueDisposition(l.session, amqpwire.RoleReceiver, d.ID, true, d.State)
	}
	l.forget(d)
}

// forget drops a delivery that is settled on both ends; where the peer sends,
// that may make room for more credit.
func (l *Link) forget(d *Delivery) {
	if !d.counted {
		return
	}
	d.counted = false
	l.unsettled--
	if l.role == amqpwire.RoleSender {
		delete(l.session.outUnsettled, d.ID)
		return
	}
	delete(l.session.inUnsettled, d.ID)
	l.topUpCredit()
}

// topUpCredit grants the peer credit again once half the window is used, as
// far as the link's unsettled deliveries allow.
func (l *Link) topUpCredit() {
	if l.detaching || l.role != amqpwire.RoleReceiver {
		return
	}
	room := l.session.conn.opts.Limits.MaxUnsettled - l.unsettled
	target := min(int64(l.creditWindow), int64(room))
	if target <= int64(l.credit) || int64(l.credit) > int64(l.creditWindow)/2 {
		return
	}
	l.credit = uint32(target)
	l.writeFlow(false)
}

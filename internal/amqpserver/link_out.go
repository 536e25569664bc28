package amqpserver

import (
	"fmt"

	"github.com/hubspec/hubspec/internal/amqpwire"
)

// Send transfers a message (an encoded payload, see amqpwire.Message) to the
// peer with the node's delivery tag, settled or not (the link's snd-settle-mode
// overrides the choice when it is settled or unsettled). It needs credit and
// never sends past it. Frames larger than the peer's max-frame-size are split;
// a delivery the session window holds back is sent when the peer widens it.
// Unsettled deliveries are reported to the Disposition callback.
func (l *Link) Send(tag, payload []byte, settled bool) (*Delivery, error) {
	switch l.sndMode {
	case amqpwire.SenderSettleModeSettled:
		settled = true
	case amqpwire.SenderSettleModeUnsettled:
		settled = false
	}
	if err := l.canSend(len(payload), settled); err != nil {
		return nil, fmt.Errorf("link %q: %w", l.name, err)
	}
	if tag == nil {
		tag = []byte{}
	}
	s := l.session
	d := &Delivery{ID: s.nextDeliveryID, Tag: tag, Payload: payload, link: l, settled: settled, seq: s.sendSeq}
	s.nextDeliveryID++
	s.sendSeq++
	l.credit--
	l.deliveryCount++
	if !settled {
		d.counted = true
		l.unsettled++
		s.outUnsettled[d.ID] = d
	}
	s.transmit(d)
	return d, nil
}

func (l *Link) canSend(size int, settled bool) error {
	switch {
	case l.role != amqpwire.RoleSender:
		return ErrNotSender
	case l.detaching:
		return ErrDetached
	case l.credit == 0:
		return ErrNoCredit
	case !settled && l.unsettled >= l.session.conn.opts.Limits.MaxUnsettled:
		return ErrUnsettledLimit
	case l.maxMsgSize > 0 && uint64(size) > l.maxMsgSize:
		return fmt.Errorf("%w: %d bytes, the peer accepts %d", ErrMessageTooLarge, size, l.maxMsgSize)
	}
	return nil
}

// transmit writes a delivery now, or queues it behind those the session
// window holds back.
func (s *Session) transmit(d *Delivery) {
	if len(s.pending) > 0 || !s.writeDelivery(d) {
		s.pending = append(s.pending, d)
	}
}

// sendPending writes held-back deliveries while the peer's window allows.
func (s *Session) sendPending() {
	for len(s.pending) > 0 && s.remoteIncomingWindow > 0 {
		if !s.writeDelivery(s.pending[0]) {
			return
		}
		s.pending[0] = nil
		s.pending = s.pending[1:]
	}
}

// writeDelivery writes the rest of a delivery, one transfer frame per window
// slot, split at the peer's max-frame-size. It reports whether it finished.
func (s *Session) writeDelivery(d *Delivery) bool {
	c := s.conn
	for s.remoteIncomingWindow > 0 {
		t := amqpwire.Transfer{Handle: d.link.outputHandle, Settled: d.settled}
		if d.offset == 0 {
			t.DeliveryID, t.DeliveryTag, t.MessageFormat = amqpwire.Some(d.ID), d.Tag, amqpwire.Some(d.Format)
		}
		c.flushDisposition()
		out, n, err := amqpwire.AppendTransfer(c.out, s.localChannel, &t, d.Payload[d.offset:], c.peerMaxFrame)
		if err != nil {
			c.closeWith(asAMQPError(err))
			return true
		}
		c.out = out
		d.offset += n
		s.nextOutgoingID++
		s.remoteIncomingWindow--
		if !t.More {
			return true
		}
	}
	return false
}

// onPeerOutcome applies the peer's disposition to a delivery the node sent.
func (l *Link) onPeerOutcome(d *Delivery, settled bool, state amqpwire.DeliveryState) {
	d.State = state
	if settled {
		d.RemoteSettled = true
		l.forget(d)
	}
	if l.handler.Disposition != nil {
		l.handler.Disposition(d)
	}
	if !settled && !d.settled && amqpwire.IsOutcome(state) {
		d.Settle(state)
	}
}

// settleOutgoing answers the peer for a delivery the node sent.
func (l *Link) settleOutgoing(d *Delivery) {
	if !d.RemoteSettled {
		l.session.conn.queueDisposition(l.session, amqpwire.RoleSender, d.ID, true, d.State)
	}
	l.forget(d)
}

package amqpserver

import (
	"math"

	"github.com/hubspec/hubspec/internal/amqpwire"
)

// sessionFlow returns the session part of a flow frame.
func (s *Session) sessionFlow() amqpwire.Flow {
	return amqpwire.Flow{
		NextIncomingID: amqpwire.Some(s.nextIncomingID),
		IncomingWindow: s.incomingWindow,
		NextOutgoingID: s.nextOutgoingID,
		OutgoingWindow: math.MaxUint32,
	}
}

// writeFlow sends the session's flow state, with a link's when l is set.
func (s *Session) writeFlow(l *Link) {
	if l != nil {
		l.writeFlow(false)
		return
	}
	f := s.sessionFlow()
	s.conn.writeFrame(s.localChannel, &f)
}

// writeFlow sends the link's flow state; drain answers the peer's drain.
func (l *Link) writeFlow(drain bool) {
	f := l.session.sessionFlow()
	f.Handle = amqpwire.Some(l.outputHandle)
	f.DeliveryCount = amqpwire.Some(l.deliveryCount)
	f.LinkCredit = amqpwire.Some(l.credit)
	f.Drain = drain
	l.session.conn.writeFrame(l.session.localChannel, &f)
}

// onFlow updates the peer's session window and hands link flow to the link.
func (s *Session) onFlow(f *amqpwire.Flow) {
	s.remoteIncomingWindow = f.NextIncomingID.Or(0) + f.IncomingWindow - s.nextOutgoingID
	if !f.Handle.Set {
		if f.Echo {
			s.writeFlow(nil)
		}
		s.sendPending()
		return
	}
	if l := s.byInput[f.Handle.Value]; l != nil && !l.detaching {
		l.onFlow(f)
	}
	s.sendPending()
}

// onFlow handles the peer's link flow.
func (l *Link) onFlow(f *amqpwire.Flow) {
	if l.role == amqpwire.RoleReceiver {
		l.onSenderFlow(f)
		return
	}
	if f.LinkCredit.Set {
		l.credit = creditLeft(f.DeliveryCount.Or(0), f.LinkCredit.Value, l.deliveryCount)
	}
	l.drain = f.Drain
	if (l.credit > 0 || l.drain) && l.handler.Credit != nil {
		l.handler.Credit(l)
	}
	if l.detaching {
		return
	}
	if l.drain {
		l.deliveryCount += l.credit
		l.credit = 0
		l.drain = false
		l.writeFlow(true)
		return
	}
	if f.Echo {
		l.writeFlow(false)
	}
}

// creditLeft is the credit the node has when the peer granted credit at its
// delivery-count peerCount and the node has since sent up to sentCount.
func creditLeft(peerCount, credit, sentCount uint32) uint32 {
	behind := sentCount - peerCount
	if int32(behind) < 0 || behind >= credit {
		return 0
	}
	return credit - behind
}

// onSenderFlow handles the flow of a peer that sends on the link: it may have
// advanced its delivery-count (used up credit) or ask for an echo.
func (l *Link) onSenderFlow(f *amqpwire.Flow) {
	if f.DeliveryCount.Set {
		advanced := f.DeliveryCount.Value - l.deliveryCount
		if int32(advanced) > 0 {
			l.deliveryCount = f.DeliveryCount.Value
			l.credit -= min(advanced, l.credit)
			l.topUpCredit()
		}
	}
	if f.Echo {
		l.writeFlow(false)
	}
}

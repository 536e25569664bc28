package amqpserver

import "github.com/hubspec/hubspec/internal/amqpwire"

// Delivery is one message transfer on a link, in either direction. It belongs
// to the connection's goroutine.
type Delivery struct {
	// ID is the delivery-id within the session.
	ID uint32
	// Tag is the delivery-tag: the peer's where the peer sends, the node's
	// where the node sends.
	Tag []byte
	// Format is the message-format (0 for AMQP messages).
	Format uint32
	// Payload is the encoded message.
	Payload []byte
	// State is the delivery's latest state: the outcome the node settled with
	// where the peer sends, the state the peer reported where the node sends.
	State amqpwire.DeliveryState
	// RemoteSettled reports whether the peer has settled the delivery (or sent
	// it settled).
	RemoteSettled bool
	// UserData is for the node, e.g. the queue entry a delivery carries.
	UserData any

	link    *Link
	rcvMode amqpwire.ReceiverSettleMode
	settled bool   // settled by this side
	counted bool   // counted in link.unsettled
	seq     uint64 // order of sending, for Detached
	offset  int    // payload bytes transferred so far (outgoing)
}

// Link returns the delivery's link.
func (d *Delivery) Link() *Link { return d.link }

// Message decodes the payload.
func (d *Delivery) Message() (*amqpwire.Message, error) {
	return amqpwire.UnmarshalMessage(d.Payload)
}

// Settled reports whether this side has settled the delivery.
func (d *Delivery) Settled() bool { return d.settled }

// Settle settles the delivery with an outcome (amqpwire.Accepted{},
// amqpwire.Rejected{Error: …}, amqpwire.Released{}, amqpwire.Modified{…}).
//
// Where the peer sends, it tells the peer the outcome: in rcv-settle-mode
// first with a settled disposition, in mode second with an unsettled one that
// the peer settles. Where the node sends, it answers a peer that left the
// delivery unsettled. Settling twice, a delivery the peer sent settled, or
// after the link is gone does nothing.
func (d *Delivery) Settle(state amqpwire.DeliveryState) {
	if d.settled {
		return
	}
	d.settled = true
	d.State = state
	l := d.link
	if l.finished {
		return
	}
	if l.role == amqpwire.RoleReceiver {
		l.settleIncoming(d)
		return
	}
	l.settleOutgoing(d)
}

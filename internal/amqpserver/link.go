package amqpserver

import (
	"sync/atomic"

	"github.com/hubspec/hubspec/internal/amqpwire"
)

// Link is one link attached by the peer to a node. Like Conn, it belongs to the
// connection's goroutine, except for Wake and Detach.
type Link struct {
	session      *Session
	name         string
	role         amqpwire.Role // the node's role
	inputHandle  uint32
	outputHandle uint32
	address      string
	pathValues   []PathValue
	source       *amqpwire.Source
	target       *amqpwire.Target
	properties   amqpwire.Map
	sndMode      amqpwire.SenderSettleMode
	rcvMode      amqpwire.ReceiverSettleMode
	maxMsgSize   uint64 // ours where the peer sends, the peer's where the node sends
	handler      LinkHandler

	deliveryCount uint32
	credit        uint32
	drain         bool
	creditWindow  uint32 // where the peer sends: the credit the engine keeps open
	unsettled     int
	partial       *Delivery // a multi-frame delivery being reassembled

	detaching   bool // the server sent detach (or refused the link)
	finished    bool // Detached was called
	wakePending atomic.Bool
}

// Conn returns the link's connection.
func (l *Link) Conn() *Conn { return l.session.conn }

// Session returns the link's session.
func (l *Link) Session() *Session { return l.session }

// Name is the link name the peer chose.
func (l *Link) Name() string { return l.name }

// Role is the node's role on the link: amqpwire.RoleSender when the node sends
// messages to the peer, amqpwire.RoleReceiver when the peer sends to the node.
func (l *Link) Role() amqpwire.Role { return l.role }

// Address is the node address the peer attached to (the target address where
// the peer sends, the source address where it receives) after
// NormalizeAddress.
func (l *Link) Address() string { return l.address }

// PathValue returns the URL-decoded value of a {name} segment of the node's
// pattern, or "".
func (l *Link) PathValue(name string) string {
	for _, v := range l.pathValues {
		if v.Name == name {
			return v.Value
		}
	}
	return ""
}

// Source is the source terminus from the peer's attach.
func (l *Link) Source() *amqpwire.Source { return l.source }

// Target is the target terminus from the peer's attach.
func (l *Link) Target() *amqpwire.Target { return l.target }

// Properties are the properties of the peer's attach.
func (l *Link) Properties() amqpwire.Map { return l.properties }

// SndSettleMode is the sender settle mode in force (from the reply attach).
func (l *Link) SndSettleMode() amqpwire.SenderSettleMode { return l.sndMode }

// RcvSettleMode is the receiver settle mode in force (from the reply attach).
func (l *Link) RcvSettleMode() amqpwire.ReceiverSettleMode { return l.rcvMode }

// MaxMessageSize is the largest message the link carries (0: no limit).
func (l *Link) MaxMessageSize() uint64 { return l.maxMsgSize }

// Credit is the number of deliveries the node may still send on the link.
func (l *Link) Credit() uint32 {
	if l.role != amqpwire.RoleSender || l.detaching {
		return 0
	}
	return l.credit
}

// Draining reports whether the peer asked the node to use up or give back its
// credit (only true during a Credit callback).
func (l *Link) Draining() bool { return l.drain }

// Unsettled is the number of the link's deliveries not settled yet.
func (l *Link) Unsettled() int { return l.unsettled }

// Detached reports whether the link is gone.
func (l *Link) Detached() bool { return l.finished }

// Wake asks the connection's goroutine to call the link's Credit callback if
// the link has credit: the way for a queue on another goroutine to say that
// messages are waiting. Safe from any goroutine; it never blocks, and calls
// that come before the connection's goroutine gets to the link are merged.
func (l *Link) Wake() {
	if !l.wakePending.CompareAndSwap(false, true) {
		return
	}
	c := l.session.conn
	select {
	case c.wakeQ <- l:
	default:
		c.wakeOverflow.Store(true)
		c.signalRun()
	}
}

// Detach detaches and closes the link with err (nil for a clean detach), for
// example amqp:unauthorized-access when a token expires. Safe from any
// goroutine; it does not wait, and takes effect after the running callback.
func (l *Link) Detach(err *amqpwire.Error) {
	l.session.conn.Run(func() { l.detach(err) })
}

// wake runs the Credit callback for Wake.
func (l *Link) wake() {
	l.wakePending.Store(false)
	if l.Credit() > 0 && l.handler.Credit != nil {
		l.handler.Credit(l)
	}
}

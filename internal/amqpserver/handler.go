package amqpserver

import "github.com/hubspec/hubspec/internal/amqpwire"

// ConnHandler is what the hub supplies for one connection, from
// Options.NewConnHandler.
type ConnHandler struct {
	// Nodes finds the node for each link the peer attaches. Links to an
	// address no node matches are refused with amqp:not-found. Required.
	Nodes *Mux

	// SessionEnded, if set, is called when a session ends, after the Detached
	// of each of its links. err is the peer's error (nil for a clean end), the
	// error the session was ended with, or an error wrapping ErrConnClosed.
	SessionEnded func(s *Session, err error)

	// Closed, if set, is called once when the connection is gone, after every
	// link's Detached and every session's SessionEnded. err is nil when the
	// peer closed cleanly.
	Closed func(c *Conn, err error)
}

// Node is a terminus the hub offers at an address, such as "$cbs" or
// "/devices/{id}/messages/devicebound". Attach is called on the connection's
// goroutine for every link the peer attaches to the node; it returns how to
// serve the link, or an error to refuse it. A refusal is answered the AMQP way
// (an attach with a null terminus, then a detach carrying the error): an
// *amqpwire.Error keeps its condition, any other error is sent as
// amqp:internal-error.
type Node interface {
	Attach(l *Link) (Accept, error)
}

// NodeFunc adapts a function to a Node.
type NodeFunc func(l *Link) (Accept, error)

// Attach calls f(l).
func (f NodeFunc) Attach(l *Link) (Accept, error) { return f(l) }

// Accept is a node's answer to an attach it accepts.
type Accept struct {
	// Handler receives the link's events.
	Handler LinkHandler

	// SndSettleMode and RcvSettleMode, when set, replace the settle modes the
	// peer asked for in the reply attach (IoT Hub's EdgeHub, for example,
	// answers rcv-settle-mode second on device links).
	SndSettleMode amqpwire.Optional[amqpwire.SenderSettleMode]
	RcvSettleMode amqpwire.Optional[amqpwire.ReceiverSettleMode]

	// MaxMessageSize is advertised in the reply attach. On a link where the
	// peer sends, larger messages detach the link with
	// amqp:link:message-size-exceeded. Default: Limits.MaxMessageSize on
	// links where the peer sends, none otherwise.
	MaxMessageSize uint64

	// Properties are sent in the reply attach.
	Properties amqpwire.Map

	// Credit is the credit kept open on a link where the peer sends: the
	// engine grants it at attach and tops it up as deliveries arrive and are
	// settled. Default: Options.Credit.
	Credit uint32
}

// LinkHandler receives the events of one link. Every function runs on the
// connection's goroutine; none may block.
type LinkHandler struct {
	// Message receives each complete delivery on a link where the peer sends
	// (required there). The delivery stays unsettled until the node calls
	// d.Settle, then or later, on the connection's goroutine.
	Message func(d *Delivery)

	// Credit is called on a link where the node sends: when the peer grants
	// credit or asks to drain, and after Wake while credit is left. The node
	// sends with l.Send within l.Credit(). When the peer asked to drain, the
	// credit left when Credit returns is used up for it.
	Credit func(l *Link)

	// Disposition is called when the peer reports a state for a delivery the
	// node sent (d.State, d.RemoteSettled). When the peer left it unsettled
	// (rcv-settle-mode second) and the node does not call d.Settle in the
	// callback, the engine settles it with the peer's state.
	Disposition func(d *Delivery)

	// Detached is called once when the link is gone: detached by the peer
	// (err is the peer's error, nil for a clean detach), by the node, or with
	// its session or connection. unsettled lists, in the order sent, the
	// deliveries the node sent that the peer never settled.
	Detached func(l *Link, err error, unsettled []*Delivery)
}

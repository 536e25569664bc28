package amqphead

import (
	"github.com/hubspec/hubspec/hub/core"
	"github.com/hubspec/hubspec/internal/amqpserver"
	"github.com/hubspec/hubspec/internal/amqpwire"
)

// sendNode is /messages/devicebound, where a service sends C2D messages
// (spec §4). Each message is routed by its `to` and settled accepted, or
// rejected with the condition of spec §4.3 (never released, never rejected
// without an error: the Node SDK takes both for success).
type sendNode struct{ head *Head }

// Attach accepts a service's sender when the connection may send C2D.
func (n sendNode) Attach(l *amqpserver.Link) (amqpserver.Accept, error) {
	if l.Role() != amqpwire.RoleReceiver {
		return amqpserver.Accept{}, newError(amqpwire.ConditionNotAllowed, "/messages/devicebound takes messages; it has none to receive")
	}
	if err := authorize(n.head.hub, l.Conn(), core.SendC2D, ""); err != nil {
		return amqpserver.Accept{}, unauthorized(err)
	}
	return amqpserver.Accept{Handler: amqpserver.LinkHandler{Message: n.onMessage}}, nil
}

func (n sendNode) onMessage(d *amqpserver.Delivery) {
	if err := authorize(n.head.hub, d.Link().Conn(), core.SendC2D, ""); err != nil {
		d.Settle(amqpwire.Rejected{Error: unauthorized(err)})
		return
	}
	deviceID, msg, rerr := serviceMessage(d.Payload)
	if rerr != nil {
		d.Settle(amqpwire.Rejected{Error: rerr})
		return
	}
	if err := n.head.hub.Enqueue(deviceID, msg); err != nil {
		d.Settle(amqpwire.Rejected{Error: hubError(err)})
		return
	}
	d.Settle(amqpwire.Accepted{})
}

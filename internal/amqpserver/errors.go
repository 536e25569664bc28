package amqpserver

import (
	"errors"

	"github.com/hubspec/hubspec/internal/amqpwire"
)

// Errors the engine reports. Link.Send errors wrap ErrNoCredit,
// ErrUnsettledLimit, ErrMessageTooLarge, ErrDetached or ErrNotSender; Detached
// and SessionEnded callbacks receive errors wrapping ErrSessionEnded or
// ErrConnClosed when the link or session went down with its parent.
var (
	ErrServerClosed    = errors.New("amqpserver: server closed")
	ErrNoCredit        = errors.New("amqpserver: no link credit")
	ErrUnsettledLimit  = errors.New("amqpserver: too many unsettled deliveries on the link")
	ErrMessageTooLarge = errors.New("amqpserver: message larger than the link's max-message-size")
	ErrDetached        = errors.New("amqpserver: link is detached")
	ErrNotSender       = errors.New("amqpserver: the node is not the sender on this link")
	ErrSessionEnded    = errors.New("amqpserver: session ended")
	ErrConnClosed      = errors.New("amqpserver: connection closed")
)

// asAMQPError turns a node's refusal into the error sent to the peer.
func asAMQPError(err error) *amqpwire.Error {
	var ae *amqpwire.Error
	if errors.As(err, &ae) {
		return ae
	}
	return &amqpwire.Error{Condition: amqpwire.ConditionInternalError, Description: err.Error()}
}

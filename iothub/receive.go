package iothub

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/Azure/go-amqp"
)

// receiveOn takes the next message from the receiver in slot. A link or
// connection lost on the way is attached again (after the connection's
// reconnect, if that is what was lost), so a caller's Receive survives a
// reconnect; a refusal by the hub (a detach with an error) is returned.
func receiveOn(ctx context.Context, slot *linkSlot[*amqp.Receiver], policy RetryPolicy, clock Clock, op, deviceID string, s side) (*amqp.Receiver, *amqp.Message, error) {
	for attempt := 1; ; attempt++ {
		recv, gen, err := slot.get(ctx)
		if err != nil {
			return nil, nil, opError(op, deviceID, s, err)
		}
		msg, err := recv.Receive(ctx, nil)
		if err == nil {
			return recv, msg, nil
		}
		if ctx.Err() != nil {
			return nil, nil, fmt.Errorf("iothub: %s%s: %w", op, forDevice(deviceID), ctx.Err())
		}
		slot.drop(ctx, gen)
		mapped := mapConnError(op, deviceID, s, err)
		if !errors.Is(mapped, ErrConnectionLost) {
			return nil, nil, mapped
		}
		if attempt == 1 {
			continue // the first time, attach again at once
		}
		if err := sleep(ctx, clock, policy.Delay(attempt-1)); err != nil {
			return nil, nil, fmt.Errorf("iothub: %s%s: %w", op, forDevice(deviceID), err)
		}
	}
}

// opError classifies an error from the connection or a slot for op.
func opError(op, deviceID string, s side, err error) error {
	var e *Error
	if errors.As(err, &e) {
		return err
	}
	return mapAMQPError(op, deviceID, s, err)
}

// disposition is how a received message is settled.
type disposition int

const (
	dispositionComplete disposition = iota // accepted
	dispositionReject                      // rejected, no error (as the Node SDK)
	dispositionAbandon                     // released
)

func (d disposition) String() string {
	return [...]string{"complete", "reject", "abandon"}[d]
}

// settler settles one received message.
type settler interface {
	settle(ctx context.Context, how disposition) error
	owner() any
}

// amqpDelivery is a message received on an AMQP link.
type amqpDelivery struct {
	recv     *amqp.Receiver
	raw      *amqp.Message
	deviceID string
	side     side
	from     any // the device or feedback receiver it came to

	mu      sync.Mutex
	settled string // how it was settled, once it was
}

func newAMQPDelivery(recv *amqp.Receiver, raw *amqp.Message, deviceID string, s side, from any) *amqpDelivery {
	return &amqpDelivery{recv: recv, raw: raw, deviceID: deviceID, side: s, from: from}
}

func (x *amqpDelivery) owner() any { return x.from }

// settle sends the disposition once. A second settle is ErrMessageLockLost:
// the first one decided the message's fate (go-amqp would drop the second
// in silence).
func (x *amqpDelivery) settle(ctx context.Context, how disposition) error {
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.settled != "" {
		return &Error{Op: how.String(), DeviceID: x.deviceID, Kind: ErrMessageLockLost,
			Description: "the message was already settled (" + x.settled + ")"}
	}
	err := x.dispose(ctx, how)
	if err == nil {
		x.settled = how.String()
	}
	return err
}

// dispose sends the disposition: accepted for complete, rejected for reject,
// released for abandon (spec §5.3). A link that is gone is ErrMessageLockLost:
// the hub delivers the message again.
func (x *amqpDelivery) dispose(ctx context.Context, how disposition) error {
	var err error
	switch how {
	case dispositionComplete:
		err = x.recv.AcceptMessage(ctx, x.raw)
	case dispositionReject:
		err = x.recv.RejectMessage(ctx, x.raw, nil)
	default:
		err = x.recv.ReleaseMessage(ctx, x.raw)
	}
	mapped := mapConnError(how.String(), x.deviceID, x.side, err)
	if errors.Is(mapped, ErrConnectionLost) {
		return &Error{Op: how.String(), DeviceID: x.deviceID, Kind: ErrMessageLockLost,
			Description: "the link the message came on is gone", Err: err}
	}
	return mapped
}

// settleMessage checks that m came to owner, then settles it.
func settleMessage(ctx context.Context, owner any, m settlerHolder, how disposition, deviceID string) error {
	s := m.settlerOf()
	if s == nil || s.owner() != owner {
		return &Error{Op: how.String(), DeviceID: deviceID, Kind: ErrArgument, Description: "the message was not received by this receiver"}
	}
	return s.settle(ctx, how)
}

// settlerHolder is a received message or feedback batch.
type settlerHolder interface{ settlerOf() settler }

func (m *Message) settlerOf() settler {
	if m == nil {
		return nil
	}
	return m.settle
}

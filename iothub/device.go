package iothub

import (
	"context"
	"fmt"

	"github.com/Azure/go-amqp"
)

// Device is a device that receives C2D messages and settles them. AMQPDevice
// and MQTTDevice implement it, so that a runner can drive a fleet of either or
// both. Over MQTT, Reject and Abandon return ErrNotSupportedOverMQTT.
type Device interface {
	// DeviceID is the device's id in the registry.
	DeviceID() string
	// Receive waits for the next C2D message.
	Receive(ctx context.Context) (*Message, error)
	// Complete settles m as delivered: the hub deletes it (and sends Success
	// feedback if its ack asks).
	Complete(ctx context.Context, m *Message) error
	// Reject settles m as refused: the hub dead-letters it (Rejected feedback).
	Reject(ctx context.Context, m *Message) error
	// Abandon gives m back: the hub delivers it again, counting the delivery.
	Abandon(ctx context.Context, m *Message) error
	// Close stops receiving; unsettled messages go back to the hub's queue.
	Close(ctx context.Context) error
}

var _ Device = (*AMQPDevice)(nil)

// AMQPDevice is a device receiving C2D messages over AMQP, on a connection of
// its own (OpenAMQPDevice) or on one shared with many devices
// (DeviceConnection.AddDevice). Its methods are safe for concurrent use.
type AMQPDevice struct {
	id       string
	identity *identity
	conn     *connection
	shared   *DeviceConnection // the connection's owner
	ownsConn bool              // Close closes the connection too
	recv     *linkSlot[*amqp.Receiver]
	opts     Options
}

// OpenAMQPDevice connects one device over a connection of its own: to
// Options.AMQPAddr, else the string's GatewayHostName, else its HostName.
// It authenticates with the device key (renewing tokens before they expire)
// or with the string's SharedAccessSignature, and attaches the C2D link.
func OpenAMQPDevice(ctx context.Context, cs ConnectionString, opts *Options) (*AMQPDevice, error) {
	if err := checkDevice(cs); err != nil {
		return nil, err
	}
	if err := checkCredentials(cs, opts); err != nil {
		return nil, err
	}
	dc, err := newDeviceConnection(ctx, cs.HostName, cs.GatewayHostName, opts)
	if err != nil {
		return nil, err
	}
	d, err := dc.AddDevice(ctx, cs)
	if err != nil {
		_ = dc.Close(context.WithoutCancel(ctx))
		return nil, err
	}
	d.ownsConn = true
	return d, nil
}

// checkDevice refuses what this client cannot connect as a device.
func checkDevice(cs ConnectionString) error {
	if err := cs.validate(); err != nil {
		return err
	}
	switch {
	case !cs.IsDevice():
		return csError(keyDeviceID, "missing: a device client needs a device connection string")
	case cs.X509:
		return &Error{Op: "open device", DeviceID: cs.DeviceID, Kind: ErrNotImplemented, Description: "x509 authentication is not supported by this client; use a key or a SAS token"}
	case cs.ModuleID != "":
		return &Error{Op: "open device", DeviceID: cs.DeviceID, Kind: ErrNotImplemented, Description: "C2D messages go to devices, not modules"}
	}
	return nil
}

// checkCredentials fails early, before dialing, on a token that has expired.
func checkCredentials(cs ConnectionString, opts *Options) error {
	id, err := deviceIdentity(cs)
	if err != nil {
		return err
	}
	o := opts.withDefaults()
	_, err = id.token(o.Clock.Now(), o.TokenLifetime)
	return err
}

// DeviceID is the device's id.
func (d *AMQPDevice) DeviceID() string { return d.id }

// c2dSource is the address a device receives C2D messages from, with the id
// encoded as encodeURIComponent does. The hub URL-decodes the id (spec §3,
// as .NET encodes it), so a raw id holding "%41" would name device "A".
func c2dSource(deviceID string) string {
	return "/devices/" + encodeURIComponent(deviceID) + deviceBoundAddress
}

func (d *AMQPDevice) openReceiver(ctx context.Context, s *amqp.Session) (*amqp.Receiver, error) {
	r, err := s.NewReceiver(ctx, c2dSource(d.id), &amqp.ReceiverOptions{
		Name:           "hubspec-c2d-" + newUUID(),
		Credit:         int32(min(d.opts.Prefetch, 1<<31-1)),
		SettlementMode: amqp.ReceiverSettleModeSecond.Ptr(), // the hub confirms each settlement
		Properties:     clientProperties(),
	})
	if err != nil {
		return nil, mapAMQPError("attach C2D link", d.id, deviceSide, err)
	}
	return r, nil
}

// Receive waits for the next C2D message, with every system and application
// property, the ack mode and the delivery count. It carries on across a
// reconnect; it returns when ctx ends, the device is closed, or the hub
// refuses the link.
func (d *AMQPDevice) Receive(ctx context.Context) (*Message, error) {
	recv, raw, err := receiveOn(ctx, d.recv, d.opts.Retry, d.opts.Clock, "receive", d.id, deviceSide)
	if err != nil {
		return nil, err
	}
	m := fromAMQP(raw)
	m.settle = newAMQPDelivery(recv, raw, d.id, deviceSide, d)
	return m, nil
}

// Complete settles m as accepted and returns once the hub has settled it
// too (rcv-settle-mode second, as the .NET SDK). A message whose lock the
// hub no longer holds (it expired, the connection was lost, or m was settled
// already) is ErrMessageLockLost: the hub delivers it again, or already has.
func (d *AMQPDevice) Complete(ctx context.Context, m *Message) error {
	return settleMessage(ctx, d, m, dispositionComplete, d.id)
}

// Reject settles m as rejected, as Complete does: the hub dead-letters it.
func (d *AMQPDevice) Reject(ctx context.Context, m *Message) error {
	return settleMessage(ctx, d, m, dispositionReject, d.id)
}

// Abandon settles m as released, as Complete does: the hub delivers it
// again with its delivery count raised.
func (d *AMQPDevice) Abandon(ctx context.Context, m *Message) error {
	return settleMessage(ctx, d, m, dispositionAbandon, d.id)
}

// Close detaches the device's link and stops renewing its token; a device
// with a connection of its own closes that too.
func (d *AMQPDevice) Close(ctx context.Context) error {
	err := d.recv.close(ctx)
	d.conn.forget(d.identity)
	d.shared.remove(d)
	if d.ownsConn {
		if cerr := d.shared.Close(ctx); err == nil {
			err = cerr
		}
	}
	if err != nil {
		return fmt.Errorf("iothub: close device %s: %w", d.id, err)
	}
	return nil
}

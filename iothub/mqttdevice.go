package iothub

import (
	"context"
	"crypto/tls"
	"fmt"
	"strings"
	"sync"
	"time"

	paho "github.com/eclipse/paho.mqtt.golang"
)

// mqttInboxSize bounds the messages received and not yet taken by Receive;
// a device queue holds at most 50.
const mqttInboxSize = 50

var _ Device = (*MQTTDevice)(nil)

// MQTTDevice is a device receiving C2D messages over MQTT 3.1.1 (spec §6),
// as the official SDKs' MQTT transports do. It has a connection of its own:
// IoT Hub allows one MQTT connection per device and drops the older one.
//
// MQTT differs from AMQP in what it can do: Complete sends the PUBACK and
// gets no answer; Reject and Abandon do not exist (ErrNotSupportedOverMQTT);
// a message the device leaves unacknowledged is delivered again when its lock
// expires or on the next connection. The properties travel in the topic's
// property bag; the delivery count, enqueued time, sequence number and lock
// token do not travel at all, so those fields of a received Message stay
// zero. Its methods are safe for concurrent use.
type MQTTDevice struct {
	id       string
	ep       endpoint
	identity *identity
	opts     Options
	tls      *tls.Config
	inbox    chan *mqttDelivery // received, waiting for Receive

	ctx    context.Context // ends with Close
	cancel context.CancelFunc
	done   chan struct{} // closed when run returns

	mu      sync.Mutex
	cur     *mqttConn     // the live connection, nil while reconnecting
	ended   chan struct{} // closed once closed or failed is set
	closed  bool
	failed  error // set when reconnecting gave up
	stopped sync.Once
}

// OpenMQTTDevice connects a device over MQTT: to Options.MQTTAddr, else the
// string's GatewayHostName, else its HostName, on port 8883 unless one is
// given; the TLS server name, the SAS token's scope and the username use
// HostName. It authenticates with a token made from the device key (renewed
// before it expires by connecting again, as the Node SDK does) or with the
// string's SharedAccessSignature, and subscribes to the device's C2D topic.
// A refusal is an *Error: ErrUnauthorized for a bad key or token.
func OpenMQTTDevice(ctx context.Context, cs ConnectionString, opts *Options) (*MQTTDevice, error) {
	if err := checkDevice(cs); err != nil {
		return nil, err
	}
	d, err := newMQTTDevice(cs, opts)
	if err != nil {
		return nil, err
	}
	c, err := d.dial(ctx)
	if err != nil {
		d.cancel()
		return nil, err
	}
	d.cur = c
	go d.run()
	return d, nil
}

func newMQTTDevice(cs ConnectionString, opts *Options) (*MQTTDevice, error) {
	if strings.Contains(cs.DeviceID, "#") {
		return nil, &Error{Op: "open device", DeviceID: cs.DeviceID, Kind: ErrArgument,
			Description: "'#' is a wildcard in MQTT topic filters, so this device cannot subscribe to its C2D topic; use AMQP"}
	}
	o := opts.withDefaults()
	id, err := deviceIdentity(cs)
	if err != nil {
		return nil, err
	}
	ep := newEndpoint(cs.HostName, cs.GatewayHostName, o.MQTTAddr, "8883")
	tlsConfig, err := o.tlsConfig(ep.host)
	if err != nil {
		return nil, err
	}
	d := &MQTTDevice{id: cs.DeviceID, ep: ep, identity: id, opts: o, tls: tlsConfig,
		inbox: make(chan *mqttDelivery, mqttInboxSize), done: make(chan struct{}), ended: make(chan struct{})}
	d.ctx, d.cancel = context.WithCancel(context.Background())
	return d, nil
}

// dial makes the device's next connection: a fresh token, CONNECT, and the
// subscription.
func (d *MQTTDevice) dial(ctx context.Context) (*mqttConn, error) {
	tok, err := d.identity.token(d.opts.Clock.Now(), d.opts.TokenLifetime)
	if err != nil {
		return nil, err
	}
	c := newMQTTConn(d, tok.Expiry)
	c.client = paho.NewClient(c.clientOptions(ctx, tok))
	if err := c.connect(ctx); err != nil {
		return nil, err
	}
	if err := c.subscribe(ctx, deviceboundFilter(d.id)); err != nil {
		c.disconnect()
		return nil, err
	}
	d.mu.Lock()
	d.identity.expiry, d.identity.failures, d.identity.retryAt = tok.Expiry, 0, time.Time{}
	d.mu.Unlock()
	return c, nil
}

// DeviceID is the device's id.
func (d *MQTTDevice) DeviceID() string { return d.id }

// Receive waits for the next C2D message, its properties decoded from the
// topic's property bag. It carries on across a reconnect; a message that
// arrived on a connection since lost is skipped, as the hub delivers it
// again. It returns when ctx ends, the device is closed, or reconnecting gave
// up.
func (d *MQTTDevice) Receive(ctx context.Context) (*Message, error) {
	for {
		select {
		case <-d.ended: // before the inbox: nothing is handed out after Close
			return nil, d.endErr("receive")
		default:
		}
		select {
		case dv := <-d.inbox:
			if !dv.conn.alive() {
				continue
			}
			return dv.message(d.id)
		case <-d.ended:
			return nil, d.endErr("receive")
		case <-ctx.Done():
			return nil, fmt.Errorf("iothub: receive%s: %w", forDevice(d.id), ctx.Err())
		}
	}
}

// Complete sends m's PUBACK: the hub completes it (Success feedback if its
// ack asks). MQTT has no answer to a PUBACK, so nil means it was handed to
// the connection; a message whose connection is gone is ErrMessageLockLost
// (the hub delivers it again).
func (d *MQTTDevice) Complete(ctx context.Context, m *Message) error {
	return settleMessage(ctx, d, m, dispositionComplete, d.id)
}

// Reject is not supported over MQTT: it sends nothing and returns an error
// that matches ErrNotSupportedOverMQTT.
func (d *MQTTDevice) Reject(context.Context, *Message) error {
	return notSupportedOverMQTT(dispositionReject, d.id)
}

// Abandon is not supported over MQTT: it sends nothing and returns an error
// that matches ErrNotSupportedOverMQTT.
func (d *MQTTDevice) Abandon(context.Context, *Message) error {
	return notSupportedOverMQTT(dispositionAbandon, d.id)
}

// Close disconnects the device; the hub puts back every message it did not
// complete. It is safe to call more than once.
func (d *MQTTDevice) Close(ctx context.Context) error {
	d.mu.Lock()
	if d.closed {
		d.mu.Unlock()
		return nil
	}
	d.closed = true
	d.mu.Unlock()
	d.stop()
	d.cancel()
	select {
	case <-d.done:
	case <-ctx.Done():
		return fmt.Errorf("iothub: close device %s: %w", d.id, ctx.Err())
	}
	if c := d.swap(nil); c != nil {
		c.disconnect()
	}
	d.report(StateChange{State: StateClosed})
	return nil
}

// stop wakes every Receive for good.
func (d *MQTTDevice) stop() { d.stopped.Do(func() { close(d.ended) }) }

// endErr is why the device can no longer receive.
func (d *MQTTDevice) endErr(op string) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.failed != nil && !d.closed {
		return d.failed
	}
	return &Error{Op: op, DeviceID: d.id, Kind: ErrClosed}
}

// mqttDelivery is a C2D message received over MQTT.
type mqttDelivery struct {
	conn *mqttConn
	msg  paho.Message
	slot *mqttSlot
}

func (x *mqttDelivery) owner() any { return x.conn.device }

// settle completes by PUBACK; MQTT has nothing else.
func (x *mqttDelivery) settle(_ context.Context, how disposition) error {
	if how != dispositionComplete {
		return notSupportedOverMQTT(how, x.conn.device.id)
	}
	return x.conn.ack(x)
}

// message decodes the delivery. A topic that does not decode is a hub's
// fault: the message is left unacknowledged, so the hub delivers it again.
func (x *mqttDelivery) message(deviceID string) (*Message, error) {
	m := &Message{Body: x.msg.Payload(), Properties: map[string]string{}}
	bag, err := propertyBagOf(x.msg.Topic(), deviceID)
	if err == nil {
		err = decodePropertyBag(bag, m)
	}
	if err != nil {
		return nil, &Error{Op: "receive", DeviceID: deviceID, Kind: ErrHub,
			Description: fmt.Sprintf("C2D topic %q: %v; the message is left unacknowledged", clip(x.msg.Topic(), 128), err), Err: err}
	}
	m.settle = x
	return m, nil
}

package iothub

import (
	"context"
	"crypto/tls"
	"fmt"
	"net"
	"net/url"
	"sync"
	"time"

	paho "github.com/eclipse/paho.mqtt.golang"
)

const (
	// mqttAPIVersion is the api-version of the MQTT username, as the Node SDK.
	mqttAPIVersion = "2021-04-12"
	// mqttClientType names this client in the username's DeviceClientType.
	mqttClientType = "hubspec/0.1"
	// mqttKeepAlive is the keep-alive the Node SDK asks for (spec §6.1).
	mqttKeepAlive = 180 * time.Second
	// mqttDisconnectWait bounds how long a DISCONNECT may take to write.
	mqttDisconnectWait = 250 // milliseconds, as paho counts them
)

// mqttUsername is IoT Hub's MQTT username (spec §6.1):
// {HostName}/{deviceId}/?api-version=…&DeviceClientType=…, HostName with its
// port if it has one, as the Node SDK sends it.
func mqttUsername(hostName, deviceID string) string {
	return hostName + "/" + deviceID + "/?api-version=" + mqttAPIVersion +
		"&DeviceClientType=" + encodeURIComponent(mqttClientType)
}

// mqttConn is one MQTT connection of a device: one paho client, used for one
// network connection and never reconnected (the device makes a new one), so
// that a PUBACK can never reach a connection its PUBLISH did not come on.
type mqttConn struct {
	device *MQTTDevice
	client paho.Client
	expiry time.Time // of the token in the CONNECT

	netMu sync.Mutex
	raw   net.Conn // set once dialled

	gone     chan struct{} // closed when the network connection closes
	goneOnce sync.Once
	lost     chan struct{} // closed when paho reports the loss, its workers stopped
	lostOnce sync.Once
	lostErr  error // why; set before lost closes

	mu      sync.Mutex
	pending map[uint16]*mqttSlot // packet id → the delivery awaiting its PUBACK
}

// mqttSlot is one received PUBLISH awaiting its PUBACK. Copies of it
// redelivered with DUP under the same packet id share it, so that only one
// PUBACK is ever sent: a second would complete whatever message the hub puts
// under that id next.
type mqttSlot struct {
	acked bool
}

func newMQTTConn(d *MQTTDevice, expiry time.Time) *mqttConn {
	return &mqttConn{device: d, expiry: expiry, gone: make(chan struct{}),
		lost: make(chan struct{}), pending: map[uint16]*mqttSlot{}}
}

// clientOptions configures paho as the official SDKs connect (spec §6.1):
// MQTT 3.1.1, client id = device id, IoT Hub's username, the SAS token as
// password, clean session false, manual acknowledgements, no reconnecting of
// its own.
func (c *mqttConn) clientOptions(ctx context.Context, token SASToken) *paho.ClientOptions {
	d := c.device
	return paho.NewClientOptions().
		AddBroker("tls://" + d.ep.addr).
		SetClientID(d.id).
		SetUsername(mqttUsername(d.ep.hostName, d.id)).
		SetPassword(token.Token()).
		SetProtocolVersion(4).
		SetCleanSession(false).
		SetKeepAlive(mqttKeepAlive).
		SetConnectTimeout(opTimeout).
		SetAutoReconnect(false).
		SetConnectRetry(false).
		SetAutoAckDisabled(true).
		SetOrderMatters(true).
		SetDefaultPublishHandler(c.onPublish).
		SetConnectionLostHandler(c.onLost).
		SetCustomOpenConnectionFn(func(*url.URL, paho.ClientOptions) (net.Conn, error) {
			return c.open(ctx)
		})
}

// open dials TLS to the device's endpoint for paho, within ctx.
func (c *mqttConn) open(ctx context.Context) (net.Conn, error) {
	raw, err := (&tls.Dialer{Config: c.device.tls}).DialContext(ctx, "tcp", c.device.ep.addr)
	if err != nil {
		return nil, err
	}
	w := &watchedConn{Conn: raw, onClose: c.markGone}
	c.netMu.Lock()
	c.raw = w
	c.netMu.Unlock()
	return w, nil
}

// watchedConn tells its owner when it is closed: by paho when the
// connection is lost or ends, or by an abort.
type watchedConn struct {
	net.Conn
	onClose func()
}

func (w *watchedConn) Close() error {
	w.onClose()
	return w.Conn.Close()
}

func (c *mqttConn) markGone() { c.goneOnce.Do(func() { close(c.gone) }) }

// abort closes the network connection, which ends a CONNECT in progress.
func (c *mqttConn) abort() {
	c.netMu.Lock()
	raw := c.raw
	c.netMu.Unlock()
	if raw != nil {
		_ = raw.Close()
	}
	c.markGone()
}

// alive reports whether the network connection is still open.
func (c *mqttConn) alive() bool {
	select {
	case <-c.gone:
		return false
	default:
		return true
	}
}

// connect sends CONNECT and waits for CONNACK, or for ctx to end.
func (c *mqttConn) connect(ctx context.Context) error {
	tok := c.client.Connect().(*paho.ConnectToken)
	if err := c.await(ctx, tok); err != nil {
		return err
	}
	if tok.Error() != nil {
		c.abort()
		return connectError(ctx, c.device.ep.addr, c.device.id, tok)
	}
	return nil
}

// subscribe subscribes to filter at QoS 1 and checks the hub granted it.
func (c *mqttConn) subscribe(ctx context.Context, filter string) error {
	tok := c.client.Subscribe(filter, 1, nil).(*paho.SubscribeToken)
	if err := c.await(ctx, tok); err != nil {
		return err
	}
	op := "subscribe to " + filter
	if err := tok.Error(); err != nil {
		return &Error{Op: op, DeviceID: c.device.id, Kind: ErrConnectionLost, Description: err.Error(), Err: err}
	}
	if granted, ok := tok.Result()[filter]; !ok || granted > 1 {
		return &Error{Op: op, DeviceID: c.device.id, Kind: ErrUnauthorized,
			Description: fmt.Sprintf("the hub refused the subscription (SUBACK 0x%02x)", granted)}
	}
	return nil
}

// await waits for tok, or ends the connection when ctx ends first.
func (c *mqttConn) await(ctx context.Context, tok paho.Token) error {
	select {
	case <-tok.Done():
		return nil
	case <-ctx.Done():
	}
	c.abort()
	<-tok.Done() // prompt: the connection under it is closed
	return fmt.Errorf("iothub: connect over MQTT to %s%s: %w", c.device.ep.addr, forDevice(c.device.id), ctx.Err())
}

// onPublish hands a received PUBLISH to Receive. It blocks while the
// device's inbox is full (paho then stops reading: back-pressure), but never
// after the connection has closed, so paho's shutdown is not held up.
func (c *mqttConn) onPublish(_ paho.Client, pm paho.Message) {
	if _, err := propertyBagOf(pm.Topic(), c.device.id); err != nil {
		pm.Ack() // not a C2D message of this device: nothing to hand out
		return
	}
	slot, fresh := c.track(pm)
	if !fresh {
		return
	}
	select {
	case c.device.inbox <- &mqttDelivery{conn: c, msg: pm, slot: slot}:
	case <-c.gone:
	}
}

// track returns the slot of a received PUBLISH. A copy redelivered with DUP
// (after a lock expiry) while its packet id awaits a PUBACK shares that slot
// and is handed out again, as the hub did deliver it again. A DUP copy of an
// id already acknowledged crossed the PUBACK on the wire: the PUBACK
// completes it, so it is dropped (false).
func (c *mqttConn) track(pm paho.Message) (*mqttSlot, bool) {
	s := &mqttSlot{}
	if pm.Qos() == 0 {
		return s, true
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	id := pm.MessageID()
	if pm.Duplicate() {
		pending, ok := c.pending[id]
		return pending, ok
	}
	c.pending[id] = s
	return s, true
}

// ack sends the PUBACK of a delivery, once, while its connection is open.
func (c *mqttConn) ack(dv *mqttDelivery) error {
	if !c.alive() {
		return &Error{Op: "complete", DeviceID: c.device.id, Kind: ErrMessageLockLost,
			Description: "the MQTT connection the message came on is gone"}
	}
	c.mu.Lock()
	first := !dv.slot.acked
	dv.slot.acked = true
	if c.pending[dv.msg.MessageID()] == dv.slot {
		delete(c.pending, dv.msg.MessageID())
	}
	c.mu.Unlock()
	if first {
		dv.msg.Ack()
	}
	return nil
}

// onLost is paho's word that the connection was lost; it comes after
// paho's workers have stopped.
func (c *mqttConn) onLost(_ paho.Client, err error) {
	c.lostOnce.Do(func() {
		c.lostErr = lostError(c.device.id, err)
		c.markGone()
		close(c.lost)
	})
}

// disconnect ends the connection with a DISCONNECT; the hub puts back what
// was not acknowledged.
func (c *mqttConn) disconnect() {
	c.client.Disconnect(mqttDisconnectWait)
	c.abort()
}

package mqtthead

import (
	"bytes"

	mqtt "github.com/mochi-mqtt/server/v2"
	"github.com/mochi-mqtt/server/v2/packets"
)

// hook connects mochi's broker to the head. mochi runs every method on the
// connection's own goroutine (its read loop), except OnUnsubscribed, which a
// session takeover also calls for the old connection.
type hook struct {
	mqtt.HookBase
	head *Head
}

// ID names the hook for mochi.
func (k *hook) ID() string { return "iothub" }

// Provides lists the events the hook handles.
func (k *hook) Provides(b byte) bool {
	return bytes.IndexByte([]byte{
		mqtt.OnConnect, mqtt.OnConnectAuthenticate, mqtt.OnSessionEstablish,
		mqtt.OnSessionEstablished, mqtt.OnACLCheck, mqtt.OnPacketRead,
		mqtt.OnSubscribe, mqtt.OnPacketProcessed, mqtt.OnPublish,
	}, b) >= 0
}

// OnConnect admits or refuses a CONNECT. A refusal gets its CONNACK here,
// because mochi's own authentication path can only answer code 5.
func (k *hook) OnConnect(cl *mqtt.Client, pk packets.Packet) error {
	h := k.head
	if _, r := h.admit(pk); r != nil {
		h.log.Info("MQTT connection refused", "remote", cl.Net.Remote, "clientId", loggableClientID(pk.Connect.ClientIdentifier), "connack", connackName(r.code), "reason", r.reason)
		_ = h.broker.SendConnack(cl, r.code, false, nil)
		return r.code
	}
	cl.State.Keepalive = h.keepAlive(cl.State.Keepalive)
	cl.Properties.Will = mqtt.Will{} // a will is device-to-cloud: accepted, never published
	return nil
}

// OnConnectAuthenticate lets through what OnConnect admitted.
func (k *hook) OnConnectAuthenticate(*mqtt.Client, packets.Packet) bool { return true }

// OnSessionEstablish opens the device's session before the CONNACK, dropping
// the device's previous connection first.
func (k *hook) OnSessionEstablish(cl *mqtt.Client, _ packets.Packet) { k.head.openSession(cl) }

// OnSessionEstablished starts delivery once the CONNACK is out.
func (k *hook) OnSessionEstablished(cl *mqtt.Client, _ packets.Packet) {
	if s := k.head.session(cl); s != nil {
		s.start()
		k.head.log.Info("MQTT device connected", "device", cl.ID, "remote", cl.Net.Remote, "cleanSession", cl.Properties.Clean)
	}
}

// OnACLCheck allows a device its own devicebound subscription and its own
// events topic, nothing else.
func (k *hook) OnACLCheck(cl *mqtt.Client, topic string, write bool) bool {
	if write {
		return mayPublish(cl.ID, topic)
	}
	return maySubscribe(cl.ID, topic)
}

// OnPacketRead closes the connection of a device that publishes where it may
// not, or at QoS 2, as IoT Hub does (mochi would only drop a QoS 0 publish).
func (k *hook) OnPacketRead(cl *mqtt.Client, pk packets.Packet) (packets.Packet, error) {
	switch pk.FixedHeader.Type {
	case packets.Connect:
		// An empty client id with clean-session=0 is refused by mochi with a
		// code MQTT 3.1.1 lacks; let it reach OnConnect, which answers 2.
		if pk.Connect.ClientIdentifier == "" {
			pk.Connect.Clean = true
		}
	case packets.Publish:
		if pk.FixedHeader.Qos > 1 || !mayPublish(cl.ID, pk.TopicName) {
			k.head.log.Info("MQTT device disconnected: publish refused", "device", cl.ID, "qos", pk.FixedHeader.Qos, "topic", printable(pk.TopicName))
			return pk, packets.ErrRejectPacket
		}
	}
	return pk, nil
}

// OnSubscribe grants at most QoS 1 (spec §6.2).
func (k *hook) OnSubscribe(_ *mqtt.Client, pk packets.Packet) packets.Packet {
	for i := range pk.Filters {
		pk.Filters[i].Qos = min(pk.Filters[i].Qos, 1)
	}
	return pk
}

// OnPacketProcessed follows subscriptions and completes acknowledged
// deliveries, after mochi has answered the packet.
func (k *hook) OnPacketProcessed(cl *mqtt.Client, pk packets.Packet, err error) {
	s := k.head.session(cl)
	if s == nil || err != nil {
		return
	}
	switch pk.FixedHeader.Type {
	case packets.Subscribe, packets.Unsubscribe:
		s.refreshSubscription()
	case packets.Puback:
		s.acknowledge(pk.PacketID)
	}
}

// OnPublish accepts device-to-cloud messages and drops them: telemetry is out
// of the emulator's scope, but a QoS 1 publish still gets its PUBACK.
func (k *hook) OnPublish(_ *mqtt.Client, pk packets.Packet) (packets.Packet, error) {
	return pk, packets.CodeSuccessIgnore
}

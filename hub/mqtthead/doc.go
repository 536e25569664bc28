// Package mqtthead is the MQTT head of hubspec's embedded IoT Hub: the device
// side of IoT Hub's MQTT 3.1.1 API over TLS (spec §6), on the
// transport-independent C2D core (hub/core). The official SDKs' MQTT
// transports, and any MQTT 3.1.1 client, connect to it as to Azure IoT Hub on
// port 8883.
//
//	head, err := mqtthead.New(hub, mqtthead.Options{TLSConfig: cfg})
//	go head.Serve(ctx, listener) // as many listeners as you like
//	defer head.Close()
//
// # Connecting
//
// A device connects with client id = device id, the username
// {host[:port]}/{deviceId}/?api-version=… (read leniently: any api-version,
// unknown keys ignored) and a SAS token as the password, which the core must
// accept for receiving that device's C2D messages. Refusals use the MQTT 3.1.1
// CONNACK codes: 1 for another protocol level, 2 for a client id that is not a
// device id, 4 for a malformed username, 5 for anything wrong with the
// credentials. A new connection of a device drops its previous one.
//
// # Receiving
//
// The device subscribes to devices/{id}/messages/devicebound/# (granted QoS
// min(requested, 1); any other filter gets 0x80). The head then publishes its
// C2D messages on devices/{id}/messages/devicebound/{property bag}, the bag
// fully percent-encoded with the system properties $.exp, $.cid, $.mid, $.to,
// $.uid, $.ct, $.ce, then iothub-ack and the application properties; the
// payload is the body. At QoS 1 a PUBACK completes the message in the core (so
// feedback is exactly as over AMQP); MQTT has no reject or abandon. At most
// Options.MaxInFlight messages wait for their PUBACK; the window follows the
// core's receiver pattern (notify, then TryReceive while there is room). A
// message whose lock expires returns to the queue and is published again on
// the same connection under its old packet id with DUP set; on disconnect
// every unacknowledged message returns to the queue without counting a
// delivery. At QoS 0 a message is complete as soon as it is written.
//
// # Device-to-cloud
//
// Publishes to devices/{id}/messages/events/… are acknowledged and dropped.
// A publish to any other topic, or at QoS 2, closes the connection.
//
// # Built on mochi-mqtt
//
// github.com/mochi-mqtt/server/v2 decodes and encodes packets, keeps
// sessions, keep-alives and subscriptions, and calls the head's hook. The
// head accepts connections itself, writes its PUBLISH packets to one client
// directly with packet ids of its own, and learns of PUBACKs from the hook;
// mochi's topic routing and in-flight store stay unused. docs/emulator-mqtt.md
// lists what mochi could not do and how the head works around it.
//
// # Goroutines and locks
//
// Each connection runs on a goroutine the head starts and Close waits for;
// each connected device has a delivery goroutine (the pump) that its
// connection's goroutine stops before it ends. Head.mu is a leaf. A session's
// mu may be held while calling the core (DeviceReceiver.Holds), never the
// reverse: the core never calls back under its locks, and the notify func only
// signals a channel.
package mqtthead

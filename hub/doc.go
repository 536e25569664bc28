// Package hub is hubspec's embedded IoT Hub emulator as a Go API: the C2D core
// (hub/core) behind its protocol heads, each on a TLS listener of its own —
// AMQP 1.0 (hub/amqphead, IoT Hub's port 5671), the HTTPS registry
// (hub/httpshead, port 443) and the device side of MQTT 3.1.1 (hub/mqtthead,
// port 8883) — with a CA and server certificate generated at start. It is
// usable from any Go test the way httptest.NewServer is:
//
//	h := hub.NewTestServer(t, hub.Options{})          // or hub.Start(ctx, opts) … h.Close()
//	service := h.ConnectionString()                  // HostName=localhost;SharedAccessKeyName=iothubowner;…
//	device, _ := h.AddDevice("thermostat-1")         // HostName=localhost;DeviceId=thermostat-1;SharedAccessKey=…
//	tlsConfig := h.ClientTLSConfig()                 // trusts h.CAPEM(), expects the hub's host name
//	amqpAddr, httpsAddr, mqttAddr := h.AMQPAddr(), h.HTTPSAddr(), h.MQTTAddr()
//
// Clients reach it only over the network, as they would reach Azure: the
// connection strings name HostName (localhost by default), and clients dial
// the listen addresses instead, keeping HostName as the TLS server name and
// the scope of their SAS tokens. Tokens scoped to localhost, 127.0.0.1 and ::1
// are accepted as well, with or without a port, as the Node SDKs put the port
// of HostName=localhost:PORT into their tokens (and, over MQTT, into the
// username).
//
// One C2D core serves every head: a message the service sends over AMQP
// reaches the device over whichever protocol it is connected with, and an
// MQTT device's PUBACK completes it exactly as an AMQP accepted disposition
// does, with the same feedback. MQTT has no reject or abandon.
//
// Options.Config is Azure's properties.cloudToDevice block plus the
// emulator's knobs (profile fast or azure, feedback batch interval, C2D lock
// duration, simulated throttling); Options.Clock takes a *core.FakeClock for
// tests of expiry and locks that must not sleep.
//
// Shutdown (and Close) end every connection and every goroutine the hub
// started, heads first, then the core. `hubspec hub` (cmd/hubspec) runs the
// same hub standalone; docs/emulator.md is the user's guide.
package hub

package mqtthead

import (
	"log/slog"

	mqtt "github.com/mochi-mqtt/server/v2"
)

// maxPacketSize bounds what a device may send in one packet: IoT Hub's
// device-to-cloud limit of 256 KiB plus room for the topic and its property
// bag. A larger packet closes the connection.
const maxPacketSize = 256<<10 + 16<<10

// newBroker configures mochi for the head. The head never calls the broker's
// Serve: it accepts connections itself (so Close can wait for them) and
// publishes to one connection at a time, so mochi's event loop, $SYS topics,
// retained messages and topic routing stay idle. mochi logs packets, which may
// hold a SAS token, so its logger discards everything; the head logs for it.
func newBroker() *mqtt.Server {
	caps := mqtt.NewDefaultServerCapabilities()
	caps.MaximumPacketSize = maxPacketSize
	// The head writes its PUBLISH packets itself; mochi's per-client queue of
	// outbound publishes is never used, so keep it small.
	caps.MaximumClientWritesPending = 1
	return mqtt.New(&mqtt.Options{
		Capabilities: caps,
		Logger:       slog.New(slog.DiscardHandler),
	})
}

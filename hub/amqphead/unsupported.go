package amqphead

import (
	"github.com/hubspec/hubspec/internal/amqpserver"
	"github.com/hubspec/hubspec/internal/amqpwire"
)

// unsupportedNode refuses links to IoT Hub addresses the emulator knows but
// does not implement, with amqp:not-implemented and a sentence saying what is
// missing, rather than the amqp:not-found of an address IoT Hub does not have.
type unsupportedNode string

// Attach refuses the link.
func (n unsupportedNode) Attach(*amqpserver.Link) (amqpserver.Accept, error) {
	return amqpserver.Accept{}, newError(amqpwire.ConditionNotImplemented, "hubspec's IoT Hub emulator does not implement "+string(n))
}

// unsupported lists the addresses of IoT Hub features outside C2D messaging.
var unsupported = map[string]unsupportedNode{
	"/devices/{id}/modules/{module}/messages/devicebound": "cloud-to-device messages to modules",
	"/devices/{id}/modules/{module}/messages/events":      "module messaging",
	"/devices/{id}/messages/events":                       "device-to-cloud telemetry",
	"/devices/{id}/methods/devicebound":                   "direct methods",
	"/devices/{id}/twin":                                  "device twins",
	"/messages/events":                                    "device-to-cloud telemetry",
}

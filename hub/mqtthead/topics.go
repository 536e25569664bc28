package mqtthead

import "strings"

// The topics of IoT Hub's MQTT device API that the head serves (spec §6).
// Twins ($iothub/twin/...), direct methods ($iothub/methods/...) and module
// topics are out of scope: subscriptions to them are refused and a publish to
// them closes the connection.

// deviceboundBase is the prefix of every C2D topic of a device, up to and
// including the slash before the property bag.
func deviceboundBase(deviceID string) string {
	return "devices/" + deviceID + "/messages/devicebound/"
}

// deviceboundFilter is the one subscription a device may make.
func deviceboundFilter(deviceID string) string {
	return deviceboundBase(deviceID) + "#"
}

// mayPublish reports whether a device may publish on topic: only its own
// device-to-cloud topic devices/{id}/messages/events/{property bag} (the bag
// and its slash may be missing).
func mayPublish(deviceID, topic string) bool {
	events := "devices/" + deviceID + "/messages/events"
	return topic == events || strings.HasPrefix(topic, events+"/")
}

// maySubscribe reports whether a device may subscribe to filter: only to its
// own devicebound/# filter, as every SDK does.
func maySubscribe(deviceID, filter string) bool {
	return filter == deviceboundFilter(deviceID)
}

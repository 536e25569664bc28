package mqtthead_test

import (
	"testing"

	"github.com/hubspec/hubspec/hub/core"
)

func TestAnotherDevicesSubscriptionIsRefused(t *testing.T) {
	h := startHub(t)
	d := h.connect("dev1", h.addDevice("dev1"))
	h.addDevice("dev2")
	for _, filter := range []string{
		"devices/dev2/messages/devicebound/#",
		"devices/+/messages/devicebound/#",
		"#",
		"$iothub/twin/res/#",
		"devices/dev1/messages/events/#",
	} {
		if granted := d.subscribe(filter, 1); granted != 0x80 {
			t.Errorf("SUBSCRIBE %s granted %#x; want 0x80 (failure)", filter, granted)
		}
	}
	h.send("dev2", &core.Message{MessageID: "for dev2"})
	h.send("dev1", &core.Message{MessageID: "for dev1"})
	d.subscribeC2D(1)
	if m := d.next(); bag(t, m.Topic())["$.mid"] != "for dev1" {
		t.Errorf("dev1 got %s; want only its own message", m.Topic())
	}
	if n := h.queueDepth("dev2"); n != 1 {
		t.Errorf("dev2's queue holds %d messages; want its 1, untouched", n)
	}
}

func TestDeviceToCloudPublishIsAcknowledgedAndDropped(t *testing.T) {
	h := startHub(t)
	d := h.subscribedDevice("dev1", 1)
	for _, topic := range []string{"devices/dev1/messages/events/", "devices/dev1/messages/events/a=1&%24.ct=text%2Fplain", "devices/dev1/messages/events"} {
		for qos := byte(0); qos <= 1; qos++ {
			tok := d.client.Publish(topic, qos, false, "telemetry")
			if !tok.WaitTimeout(patience) || tok.Error() != nil {
				t.Fatalf("publish %s at QoS %d: %v", topic, qos, tok.Error())
			}
		}
	}
	// The connection still works.
	h.send("dev1", &core.Message{MessageID: "after telemetry"})
	if m := d.next(); bag(t, m.Topic())["$.mid"] != "after telemetry" {
		t.Errorf("got %s", m.Topic())
	}
}

func TestForbiddenPublishClosesTheConnection(t *testing.T) {
	h := startHub(t)
	key := h.addDevice("dev1")
	h.addDevice("dev2")
	for i, tc := range []struct {
		topic string
		qos   byte
	}{
		{"devices/dev2/messages/events/", 1},
		{"devices/dev2/messages/events/", 0},
		{"devices/dev1/messages/devicebound/", 1},
		{"$iothub/twin/GET/?$rid=1", 0},
		{"devices/dev1/messages/events/", 2},
	} {
		d := h.connect("dev1", key)
		d.client.Publish(tc.topic, tc.qos, false, "x")
		if err := d.waitLost(); err == nil {
			t.Errorf("publish to %s at QoS %d: connection lost without an error", tc.topic, tc.qos)
		}
		if lines := h.logs.containing("publish refused"); len(lines) != i+1 {
			t.Errorf("publish to %s at QoS %d: no log line says why the device was disconnected", tc.topic, tc.qos)
		}
	}
}

func TestOversizedPacketClosesTheConnection(t *testing.T) {
	h := startHub(t)
	d := h.connect("dev1", h.addDevice("dev1"))
	d.client.Publish("devices/dev1/messages/events/", 0, false, make([]byte, 300<<10))
	d.waitLost()
}

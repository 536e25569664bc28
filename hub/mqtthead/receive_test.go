package mqtthead_test

import (
	"bytes"
	"fmt"
	"testing"
	"time"

	"github.com/hubspec/hubspec/hub/core"
)

var year2030 = time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)

// The properties of this message need every kind of encoding: '/', '&', '=',
// spaces, '$', '%', '+' and non-ASCII text, in keys and values.
func awkwardMessage() *core.Message {
	return &core.Message{
		MessageID:          "msg/1 &=",
		CorrelationID:      core.UUID{0xc2, 0xa3, 0xf7, 0xc4, 0x0e, 0x34, 0x4c, 0x58, 0x9a, 0x9e, 0x1a, 0x2b, 0x3c, 0x4d, 0x5e, 0x6f},
		UserID:             []byte("ops team"),
		To:                 "/devices/dev1/messages/devicebound",
		ContentType:        "application/json; charset=utf-8",
		ContentEncoding:    "utf-8",
		AbsoluteExpiryTime: year2030,
		Ack:                core.AckFull,
		Properties: []core.Property{
			{Key: "prop 1", Value: "value/1&x=y"},
			{Key: "température", Value: "21,5 °C"},
			{Key: "a+b", Value: "50% $off"},
			{Key: "empty", Value: ""},
		},
		Body: []byte(`{"set":"on"}`),
	}
}

func TestReceiveWithEncodedPropertiesAndCompleteByPuback(t *testing.T) {
	h := startHub(t)
	d := h.subscribedDevice("dev1", 1)
	h.send("dev1", awkwardMessage())

	m := d.next()
	const want = "devices/dev1/messages/devicebound/" +
		"%24.exp=2030-01-01T00%3A00%3A00.0000000Z" +
		"&%24.cid=c2a3f7c4-0e34-4c58-9a9e-1a2b3c4d5e6f" +
		"&%24.mid=msg%2F1%20%26%3D" +
		"&%24.to=%2Fdevices%2Fdev1%2Fmessages%2Fdevicebound" +
		"&%24.uid=ops%20team" +
		"&%24.ct=application%2Fjson%3B%20charset%3Dutf-8" +
		"&%24.ce=utf-8" +
		"&iothub-ack=full" +
		"&prop%201=value%2F1%26x%3Dy" +
		"&temp%C3%A9rature=21%2C5%20%C2%B0C" +
		"&a%2Bb=50%25%20%24off" +
		"&empty="
	if m.Topic() != want {
		t.Errorf("topic\n got %s\nwant %s", m.Topic(), want)
	}
	props := bag(t, m.Topic())
	for k, v := range map[string]string{
		"$.mid": "msg/1 &=", "$.cid": "c2a3f7c4-0e34-4c58-9a9e-1a2b3c4d5e6f", "$.uid": "ops team",
		"$.ct": "application/json; charset=utf-8", "$.exp": "2030-01-01T00:00:00.0000000Z",
		"iothub-ack": "full", "prop 1": "value/1&x=y", "température": "21,5 °C", "a+b": "50% $off", "empty": "",
	} {
		if props[k] != v {
			t.Errorf("property %q = %q; want %q", k, props[k], v)
		}
	}
	if m.Qos() != 1 || m.Duplicate() || m.Retained() || !bytes.Equal(m.Payload(), []byte(`{"set":"on"}`)) {
		t.Errorf("qos %d dup %v retain %v payload %q; want 1, false, false, the body", m.Qos(), m.Duplicate(), m.Retained(), m.Payload())
	}

	m.Ack()
	fb := h.feedback(1)
	if fb[0].StatusCode != core.StatusSuccess || fb[0].OriginalMessageID != "msg/1 &=" || fb[0].DeviceID != "dev1" {
		t.Errorf("feedback %+v; want Success for msg/1 &= of dev1", fb[0])
	}
	waitFor(t, "the queue to empty", func() bool { return h.queueDepth("dev1") == 0 })
}

func TestBareMessageKeepsTheTrailingSlashAndSystemProperties(t *testing.T) {
	h := startHub(t)
	d := h.subscribedDevice("dev1", 1)
	sent := h.send("dev1", &core.Message{})

	m := d.next()
	props := bag(t, m.Topic())
	wantExp := sent.ExpiryTime.UTC().Format("2006-01-02T15:04:05.0000000Z")
	if len(props) != 3 || props["$.exp"] != wantExp || props["$.to"] != "/devices/dev1/messages/devicebound" || props["iothub-ack"] != "none" {
		t.Errorf("bag %v; want only $.exp=%s, $.to and iothub-ack=none", props, wantExp)
	}
	if len(m.Payload()) != 0 {
		t.Errorf("payload %q; want empty", m.Payload())
	}
	m.Ack()
	waitFor(t, "the queue to empty", func() bool { return h.queueDepth("dev1") == 0 })
}

func TestMessagesArriveInQueueOrder(t *testing.T) {
	h := startHub(t)
	d := h.subscribedDevice("dev1", 1)
	for _, id := range []string{"m1", "m2", "m3", "m4"} {
		h.send("dev1", &core.Message{MessageID: id})
	}
	for _, want := range []string{"m1", "m2", "m3", "m4"} {
		m := d.next()
		if got := bag(t, m.Topic())["$.mid"]; got != want {
			t.Fatalf("got %s; want %s", got, want)
		}
		m.Ack()
	}
	waitFor(t, "the queue to empty", func() bool { return h.queueDepth("dev1") == 0 })
}

func TestGrantedQoSIsAtMostOne(t *testing.T) {
	h := startHub(t)
	for requested, want := range []byte{0, 1, 1} {
		id := fmt.Sprintf("dev-qos%d", requested)
		d := h.connect(id, h.addDevice(id))
		if granted := d.subscribeC2D(byte(requested)); granted != want {
			t.Errorf("requested QoS %d: granted %d; want %d", requested, granted, want)
		}
		h.send(id, &core.Message{MessageID: id})
		if m := d.next(); m.Qos() != want {
			t.Errorf("requested QoS %d: delivered at QoS %d; want %d", requested, m.Qos(), want)
		}
	}
}

func TestQoS0DeliveryCompletesOnWrite(t *testing.T) {
	h := startHub(t)
	d := h.subscribedDevice("dev1", 0)
	h.send("dev1", &core.Message{MessageID: "fire", Ack: core.AckPositive})

	d.next() // never acknowledged
	if fb := h.feedback(1); fb[0].StatusCode != core.StatusSuccess || fb[0].OriginalMessageID != "fire" {
		t.Errorf("feedback %+v; want Success for fire", fb[0])
	}
	waitFor(t, "the queue to empty", func() bool { return h.queueDepth("dev1") == 0 })
}

func TestNothingIsDeliveredBeforeTheSubscription(t *testing.T) {
	h := startHub(t)
	key := h.addDevice("dev1")
	h.send("dev1", &core.Message{MessageID: "waiting"})
	d := h.connect("dev1", key)

	// The queued message is still available to a competing receiver: the head
	// has not locked it for the unsubscribed device.
	r, err := h.core.OpenDeviceReceiver("dev1", nil)
	if err != nil {
		t.Fatal(err)
	}
	got, ok, err := r.TryReceive()
	if err != nil || !ok || got.Message.MessageID != "waiting" {
		t.Fatalf("TryReceive = %v, %v, %v; want the waiting message", got.Message, ok, err)
	}
	r.Close() // back to the queue

	d.subscribeC2D(1)
	if m := d.next(); bag(t, m.Topic())["$.mid"] != "waiting" {
		t.Errorf("got %s; want the waiting message", m.Topic())
	}
}

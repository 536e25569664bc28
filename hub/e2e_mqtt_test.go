package hub

import (
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	paho "github.com/eclipse/paho.mqtt.golang"

	"github.com/hubspec/hubspec/hub/internal/amqptest"
	"github.com/hubspec/hubspec/internal/syncbuf"
)

// One core behind both device heads: the service sends over AMQP to a device
// on AMQP and a device on MQTT. The MQTT device reads every property from its
// topic's property bag, values that need percent-encoding included; its
// PUBACK is Success feedback, as the AMQP device's reject is Rejected.
func TestMixedFleetAMQPAndMQTT(t *testing.T) {
	h := startHub(t, Options{})
	amqpDev, mqttDev := h.device("amqp-dev"), h.device("mqtt-dev")
	svc := h.service()
	_, rcv := h.deviceLink(amqpDev, 10)
	d := h.mqttDevice(mqttDev)

	props := map[string]string{"path": "a/b", "query": "x&y=z", "with space": "ünïcødé 温度", "$dollar": "100% + more"}
	m := amqptest.C2D("mqtt-dev", []byte(`{"setpoint":21.5}`), "full")
	m.Properties.MessageID = "order/42 & co"
	m.Properties.CorrelationID = "corr-1"
	m.Properties.ContentType = ptr("application/json")
	for k, v := range props {
		m.ApplicationProperties[k] = v
	}
	svc.mustSend(m)
	svc.sendNumbered("amqp-dev", "to-reject")

	got := d.next()
	checkMQTTDelivery(t, got, "mqtt-dev", props)
	got.Ack()
	if err := rcv.RejectMessage(h.ctx, h.receive(rcv), nil); err != nil {
		t.Fatalf("reject over AMQP: %v", err)
	}
	want := map[string]string{"order/42 & co": "Success", "to-reject": "Rejected"}
	for _, r := range svc.nextFeedback(2) {
		if want[r.OriginalMessageID] != r.StatusCode {
			t.Errorf("feedback %+v; want %s for %q", r, want[r.OriginalMessageID], r.OriginalMessageID)
		}
		delete(want, r.OriginalMessageID)
	}
}

// checkMQTTDelivery checks the topic, property bag and payload of the
// message TestMixedFleetAMQPAndMQTT sends.
func checkMQTTDelivery(t *testing.T, got paho.Message, deviceID string, props map[string]string) {
	t.Helper()
	if prefix := "devices/" + deviceID + "/messages/devicebound/"; !strings.HasPrefix(got.Topic(), prefix) {
		t.Fatalf("topic %q does not start with %q", got.Topic(), prefix)
	}
	bag := propertyBag(t, got.Topic())
	want := map[string]string{
		"$.mid": "order/42 & co", "$.cid": "corr-1", "$.ct": "application/json",
		"$.to": "/devices/" + deviceID + "/messages/devicebound", "iothub-ack": "full",
	}
	for k, v := range props {
		want[k] = v
	}
	for k, v := range want {
		if bag.Get(k) != v {
			t.Errorf("property %q = %q, want %q (topic %s)", k, bag.Get(k), v, got.Topic())
		}
	}
	if _, err := time.Parse(time.RFC3339Nano, bag.Get("$.exp")); err != nil {
		t.Errorf("$.exp %q: %v", bag.Get("$.exp"), err)
	}
	if string(got.Payload()) != `{"setpoint":21.5}` || got.Qos() != 1 || got.Duplicate() {
		t.Errorf("payload %q, QoS %d, DUP %v; want the body at QoS 1, DUP 0", got.Payload(), got.Qos(), got.Duplicate())
	}
}

// The registry (HTTPS head) shows a device connected over MQTT as Connected,
// and Disconnected once it goes.
func TestMQTTDeviceConnectionStateInRegistry(t *testing.T) {
	h := startHub(t, Options{})
	d := h.mqttDevice(h.device("mqtt-dev"))
	if status, body := h.rest(http.MethodGet, "/devices/mqtt-dev"); status != http.StatusOK || !strings.Contains(body, `"connectionState":"Connected"`) {
		t.Fatalf("GET /devices/mqtt-dev while connected over MQTT: %d %s", status, body)
	}
	d.client.Disconnect(0)
	deadline := time.Now().Add(mqttPatience)
	for {
		_, body := h.rest(http.MethodGet, "/devices/mqtt-dev")
		if strings.Contains(body, `"connectionState":"Disconnected"`) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the device is still not Disconnected after its DISCONNECT: %s", body)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// A wrong key is refused with CONNACK 5 (not authorized); the hub's logger
// says so under head=mqtt, and shows neither the token nor the key.
func TestMQTTWrongKeyRefusedAndLogged(t *testing.T) {
	var logs syncbuf.Buffer
	h := startHub(t, Options{Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	cs := h.device("mqtt-dev")
	good := cs.Key
	cs.Key = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="
	o, err := mqttOptions(h.Server, cs)
	if err != nil {
		t.Fatal(err)
	}
	err = waitToken(paho.NewClient(o).Connect())
	if err == nil || !strings.Contains(err.Error(), "not Authorized") {
		t.Fatalf("connect with a wrong key: %v; want CONNACK 5, not authorized", err)
	}
	out := logs.String()
	if !hasLine(out, "head=mqtt", "connection refused", "mqtt-dev", "not authorized") {
		t.Errorf("no log line of the MQTT head about the refusal:\n%s", out)
	}
	for _, secret := range []string{good, cs.Key, "sig=", "SharedAccessSignature"} {
		if strings.Contains(out, secret) {
			t.Errorf("the log shows a secret (%.8s…):\n%s", secret, out)
		}
	}
}

// hasLine reports whether one line of log holds every part.
func hasLine(log string, parts ...string) bool {
	for _, line := range strings.Split(log, "\n") {
		n := 0
		for _, p := range parts {
			if strings.Contains(line, p) {
				n++
			}
		}
		if n == len(parts) {
			return true
		}
	}
	return false
}

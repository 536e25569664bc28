package hub

import (
	"errors"
	"net"
	"net/url"
	"strings"
	"testing"
	"time"

	paho "github.com/eclipse/paho.mqtt.golang"

	"github.com/hubspec/hubspec/hub/internal/amqptest"
)

// mqttPatience bounds each MQTT wait of these tests; reaching it fails them.
const mqttPatience = 10 * time.Second

// mqttOptions are a paho MQTT 3.1.1 client's options as the Node SDK's MQTT
// transport connects (spec §6.1): client id = device id, the username
// host:port/id/?api-version=…, a device SAS token valid for an hour as the
// password, TLS to the hub's MQTT address trusting the hub's CA. Nothing
// reconnects on its own.
func mqttOptions(s *Server, cs amqptest.ConnectionString) (*paho.ClientOptions, error) {
	token, err := cs.Token(time.Now().Add(time.Hour))
	if err != nil {
		return nil, err
	}
	_, port, _ := net.SplitHostPort(s.MQTTAddr())
	user := cs.HostName + ":" + port + "/" + cs.DeviceID + "/?api-version=2021-04-12&DeviceClientType=hubspec-hub-test%2F1.0"
	return paho.NewClientOptions().AddBroker("tls://" + s.MQTTAddr()).SetTLSConfig(s.ClientTLSConfig()).
		SetClientID(cs.DeviceID).SetUsername(user).SetPassword(token).
		SetProtocolVersion(4).SetCleanSession(false).SetKeepAlive(60 * time.Second).
		SetAutoReconnect(false).SetConnectRetry(false).SetConnectTimeout(mqttPatience), nil
}

// mqttDevice is a paho client subscribed to its device's C2D messages, which
// it acknowledges only when the test says so.
type mqttDevice struct {
	t      testing.TB
	id     string
	client paho.Client
	msgs   chan paho.Message
	lost   chan error
}

// mqttDevice connects cs's device to the MQTT head and subscribes it to
// devices/{id}/messages/devicebound/# at QoS 1, as every SDK does.
func (h *testHub) mqttDevice(cs amqptest.ConnectionString) *mqttDevice {
	h.t.Helper()
	d := &mqttDevice{t: h.t, id: cs.DeviceID, msgs: make(chan paho.Message, 64), lost: make(chan error, 1)}
	o, err := mqttOptions(h.Server, cs)
	if err != nil {
		h.t.Fatal(err)
	}
	o.SetAutoAckDisabled(true).SetOrderMatters(true).
		SetDefaultPublishHandler(func(_ paho.Client, m paho.Message) { d.msgs <- m }).
		SetConnectionLostHandler(func(_ paho.Client, err error) { d.lost <- err })
	d.client = paho.NewClient(o)
	if err := waitToken(d.client.Connect()); err != nil {
		h.t.Fatalf("MQTT device %s: connect: %v", d.id, err)
	}
	h.t.Cleanup(func() { d.client.Disconnect(0) })
	if err := waitToken(d.client.Subscribe(c2dFilter(d.id), 1, nil)); err != nil {
		h.t.Fatalf("MQTT device %s: subscribe: %v", d.id, err)
	}
	return d
}

// c2dFilter is the topic filter of a device's C2D messages.
func c2dFilter(deviceID string) string { return "devices/" + deviceID + "/messages/devicebound/#" }

// waitToken waits for a paho operation and returns its error.
func waitToken(tok paho.Token) error {
	if !tok.WaitTimeout(mqttPatience) {
		return errNoAnswer
	}
	return tok.Error()
}

var errNoAnswer = errors.New("no answer within the test's patience")

// next waits for the device's next C2D message.
func (d *mqttDevice) next() paho.Message {
	d.t.Helper()
	select {
	case m := <-d.msgs:
		return m
	case <-time.After(mqttPatience):
		d.t.Fatalf("MQTT device %s: no C2D message arrived", d.id)
		return nil
	}
}

// waitLost waits until the hub closes the device's connection.
func (d *mqttDevice) waitLost() {
	d.t.Helper()
	select {
	case <-d.lost:
	case <-time.After(mqttPatience):
		d.t.Fatalf("MQTT device %s: the connection stayed open", d.id)
	}
}

// propertyBag reads a devicebound topic as the SDKs do: the bag is the fifth
// '/'-separated segment (so a raw '/' in it is an error), then
// percent-decoded key=value pairs. The head never writes a raw '+', so
// query decoding reads it as decodeURIComponent would.
func propertyBag(t testing.TB, topic string) url.Values {
	t.Helper()
	segments := strings.Split(topic, "/")
	if len(segments) != 5 {
		t.Fatalf("topic %q has %d segments, want 5", topic, len(segments))
	}
	bag, err := url.ParseQuery(segments[4])
	if err != nil {
		t.Fatalf("property bag of %q: %v", topic, err)
	}
	return bag
}

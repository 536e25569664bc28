package iothub

import (
	"errors"
	"maps"
	"strings"
	"testing"
	"time"
)

// specExampleTopic is the verified PUBLISH topic of spec §6.3, byte for byte.
const specExampleTopic = "devices/dev1/messages/devicebound/%24.mid=c2a3f7c4-0e34-4c58-9a9e-1a2b3c4d5e6f&%24.to=%2Fdevices%2Fdev1%2Fmessages%2Fdevicebound&%24.cid=corr-1&%24.ct=application%2Fjson&%24.ce=utf-8&%24.exp=2030-01-01T00%3A00%3A00.0000000Z&iothub-ack=full&prop%201=value%2F1%26x%3Dy"

// headExampleTopic is the same message as the embedded hub's MQTT head
// writes it (docs/emulator-mqtt.md): the order of hub traffic.
const headExampleTopic = "devices/dev1/messages/devicebound/%24.exp=2030-01-01T00%3A00%3A00.0000000Z&%24.cid=corr-1&%24.mid=c2a3f7c4-0e34-4c58-9a9e-1a2b3c4d5e6f&%24.to=%2Fdevices%2Fdev1%2Fmessages%2Fdevicebound&%24.ct=application%2Fjson&%24.ce=utf-8&iothub-ack=full&prop%201=value%2F1%26x%3Dy"

func TestPropertyBagOfTheSpecExample(t *testing.T) {
	want := Message{
		MessageID: "c2a3f7c4-0e34-4c58-9a9e-1a2b3c4d5e6f", CorrelationID: "corr-1",
		To: "/devices/dev1/messages/devicebound", ContentType: "application/json", ContentEncoding: "utf-8",
		ExpiryTime: time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC), Ack: AckFull,
		Properties: map[string]string{"prop 1": "value/1&x=y"},
	}
	for name, topic := range map[string]string{"spec §6.3": specExampleTopic, "hub head": headExampleTopic} {
		t.Run(name, func(t *testing.T) {
			got := decodeTopic(t, topic, "dev1")
			checkDecoded(t, got, &want)
		})
	}
}

func decodeTopic(t *testing.T, topic, deviceID string) *Message {
	t.Helper()
	bag, err := propertyBagOf(topic, deviceID)
	if err != nil {
		t.Fatalf("propertyBagOf(%q): %v", topic, err)
	}
	m := &Message{}
	if err := decodePropertyBag(bag, m); err != nil {
		t.Fatalf("decodePropertyBag(%q): %v", bag, err)
	}
	return m
}

func checkDecoded(t *testing.T, got, want *Message) {
	t.Helper()
	fields := func(m *Message) []string {
		return []string{m.MessageID, m.CorrelationID, m.To, m.UserID, m.ContentType, m.ContentEncoding, string(m.Ack), m.ExpiryTime.String()}
	}
	if g, w := fields(got), fields(want); strings.Join(g, "|") != strings.Join(w, "|") {
		t.Errorf("system properties = %q; want %q", g, w)
	}
	if !maps.Equal(got.Properties, want.Properties) {
		t.Errorf("properties = %q; want %q", got.Properties, want.Properties)
	}
}

func TestPropertyBagDecoding(t *testing.T) {
	tests := []struct {
		name, bag string
		want      Message
	}{
		{"empty", "", Message{Properties: map[string]string{}}},
		{"user id and encoded non-ASCII", "%24.uid=b%C3%BCro&k%C3%BC=%E2%9C%93", Message{UserID: "büro", Properties: map[string]string{"kü": "✓"}}},
		{"plus stays plus, as decodeURIComponent", "a+b=1+1", Message{Properties: map[string]string{"a+b": "1+1"}}},
		{"bare key and empty value are empty", "bare&empty=", Message{Properties: map[string]string{"bare": "", "empty": ""}}},
		{"empty pairs skipped", "&&a=1&", Message{Properties: map[string]string{"a": "1"}}},
		{"value keeps later '='", "a=b%3Dc=d", Message{Properties: map[string]string{"a": "b=c=d"}}},
		{"unknown $. name is an application property", "%24.on=output1", Message{Properties: map[string]string{"$.on": "output1"}}},
		{"raw $ is decoded the same", "$.mid=m-1&$.cid=c-1", Message{MessageID: "m-1", CorrelationID: "c-1", Properties: map[string]string{}}},
		{"last of a repeated key wins", "a=1&a=2", Message{Properties: map[string]string{"a": "2"}}},
		{"ack is not a property", "iothub-ack=positive", Message{Ack: AckPositive, Properties: map[string]string{}}},
		{"expiry with an offset", "%24.exp=2030-01-01T01%3A00%3A00%2B01%3A00", Message{ExpiryTime: time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC), Properties: map[string]string{}}},
		{"expiry without a zone is UTC", "%24.exp=2030-01-01T00%3A00%3A00.5", Message{ExpiryTime: time.Date(2030, 1, 1, 0, 0, 0, 5e8, time.UTC), Properties: map[string]string{}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := &Message{}
			if err := decodePropertyBag(tt.bag, m); err != nil {
				t.Fatalf("decodePropertyBag(%q): %v", tt.bag, err)
			}
			checkDecoded(t, m, &tt.want)
		})
	}
}

func TestPropertyBagErrorsSayWhere(t *testing.T) {
	tests := []struct{ bag, want string }{
		{"a=1&b%ZZ=2", `pair 2 "b%ZZ=2": key: invalid URL escape "%ZZ"`},
		{"a=%", `pair 1 "a=%": value: invalid URL escape "%"`},
		{"%24.exp=tomorrow", `pair 1 "%24.exp=tomorrow": $.exp is not an ISO-8601 time`},
		{strings.Repeat("k", 100) + "=%G", `pair 1 "` + strings.Repeat("k", 64) + `…"`},
	}
	for _, tt := range tests {
		err := decodePropertyBag(tt.bag, &Message{})
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("decodePropertyBag(%.20q) = %v; want an error containing %q", tt.bag, err, tt.want)
		}
	}
}

func TestPropertyBagOfTopic(t *testing.T) {
	tests := []struct {
		topic, bag string
		err        error
	}{
		{"devices/dev1/messages/devicebound/a=1", "a=1", nil},
		{"devices/dev1/messages/devicebound/", "", nil},
		{"devices/dev1/messages/devicebound", "", nil},
		{"devices/dev1/messages/devicebound/a=1/b", "a=1/b", nil},
		{"devices/dev2/messages/devicebound/a=1", "", errNotDevicebound},
		{"devices/dev1/messages/deviceboundX", "", errNotDevicebound},
		{"$iothub/twin/res/200/?$rid=1", "", errNotDevicebound},
	}
	for _, tt := range tests {
		bag, err := propertyBagOf(tt.topic, "dev1")
		if bag != tt.bag || !errors.Is(err, tt.err) {
			t.Errorf("propertyBagOf(%q) = %q, %v; want %q, %v", tt.topic, bag, err, tt.bag, tt.err)
		}
	}
}

func TestMQTTUsernameIsTheNodeSDKs(t *testing.T) {
	got := mqttUsername("localhost:8883", "dev1")
	want := "localhost:8883/dev1/?api-version=2021-04-12&DeviceClientType=hubspec%2F0.1"
	if got != want {
		t.Errorf("username = %q; want %q", got, want)
	}
}

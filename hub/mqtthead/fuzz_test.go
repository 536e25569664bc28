package mqtthead

import (
	"net/url"
	"strings"
	"testing"

	"github.com/hubspec/hubspec/hub/core"
)

// FuzzPropertyBag checks that any properties survive the trip through a
// devicebound topic: the bag is topic.split('/')[4], holds no byte but
// unreserved ones, '%', '=' and '&', and decodes to exactly what was sent.
func FuzzPropertyBag(f *testing.F) {
	f.Add("prop 1", "value/1&x=y", "msg/1", "application/json; charset=utf-8")
	f.Add("température", "21,5 °C", "", "")
	f.Add("$.mid", "%24=&", "a+b", "text/plain")
	f.Add("", "", "\x00\xff", "\n")
	f.Fuzz(func(t *testing.T, key, value, messageID, contentType string) {
		msg := &core.Message{
			MessageID: messageID, ContentType: contentType, ExpiryTime: year2030, Ack: core.AckPositive,
			Properties: []core.Property{{Key: key, Value: value}},
		}
		topic := deviceboundTopic("dev1", msg)
		parts := strings.Split(topic, "/")
		if len(parts) != 5 {
			t.Fatalf("topic %q has %d segments; want 5", topic, len(parts))
		}
		for i := 0; i < len(parts[4]); i++ {
			if c := parts[4][i]; !unreserved(c) && c != '%' && c != '=' && c != '&' {
				t.Fatalf("bag has a raw %q: %s", c, parts[4])
			}
		}
		got, err := decodeBag(parts[4])
		if err != nil {
			t.Fatalf("bag %s does not decode: %v", parts[4], err)
		}
		want := [][2]string{{"$.exp", "2030-01-01T00:00:00.0000000Z"}, {"$.mid", messageID}, {"$.to", "/devices/dev1/messages/devicebound"}}
		if contentType != "" {
			want = append(want, [2]string{"$.ct", contentType})
		}
		want = append(want, [2]string{"iothub-ack", "positive"}, [2]string{key, value})
		if len(got) != len(want) {
			t.Fatalf("decoded %q; want %q", got, want)
		}
		for i := range want {
			if got[i] != want[i] {
				t.Fatalf("pair %d decoded as %q; want %q", i, got[i], want[i])
			}
		}
	})
}

// FuzzParseUsername checks that any username either is refused or yields a
// host and a device id without '/', which read back the same when written in
// the IoT Hub form.
func FuzzParseUsername(f *testing.F) {
	f.Add("localhost:18883/dev1/?api-version=2021-04-12&DeviceClientType=azure-iot-device%2F1.18.4")
	f.Add("h/a?b/?api-version=1")
	f.Add("h/dev1/mod1/?x")
	f.Add("/?")
	f.Fuzz(func(t *testing.T, s string) {
		u, err := parseUsername(s)
		if err != nil {
			return
		}
		if u.Host == "" || u.DeviceID == "" || strings.Contains(u.Host, "/") || strings.Contains(u.DeviceID, "/") {
			t.Fatalf("parseUsername(%q) = %+v: empty or with '/'", s, u)
		}
		again, err := parseUsername(u.Host + "/" + u.DeviceID + "/?api-version=" + url.QueryEscape(u.APIVersion))
		if err != nil || again != u {
			t.Fatalf("parseUsername(%q) = %+v, but its IoT Hub form reads back as %+v, %v", s, u, again, err)
		}
	})
}

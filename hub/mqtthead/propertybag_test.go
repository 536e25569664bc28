package mqtthead

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/hubspec/hubspec/hub/core"
)

// decodeBag reads a property bag the way the SDKs do (and the iothub MQTT
// client will): pairs split at '&', each at its first '=', percent-decoded.
// It lives here only for tests.
func decodeBag(bag string) ([][2]string, error) {
	var out [][2]string
	if bag == "" {
		return nil, nil
	}
	for _, pair := range strings.Split(bag, "&") {
		k, v, _ := strings.Cut(pair, "=")
		dk, err := url.PathUnescape(k)
		if err != nil {
			return nil, err
		}
		dv, err := url.PathUnescape(v)
		if err != nil {
			return nil, err
		}
		out = append(out, [2]string{dk, dv})
	}
	return out, nil
}

var year2030 = time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)

// The message of the spec's verified example (§6.3); the head writes the
// same pairs in the order of hub traffic.
func TestPropertyBagOfTheSpecExample(t *testing.T) {
	msg := &core.Message{
		MessageID: "c2a3f7c4-0e34-4c58-9a9e-1a2b3c4d5e6f", CorrelationID: "corr-1",
		To: "/devices/dev1/messages/devicebound", ContentType: "application/json", ContentEncoding: "utf-8",
		ExpiryTime: year2030, Ack: core.AckFull,
		Properties: []core.Property{{Key: "prop 1", Value: "value/1&x=y"}},
	}
	const want = "devices/dev1/messages/devicebound/%24.exp=2030-01-01T00%3A00%3A00.0000000Z&%24.cid=corr-1" +
		"&%24.mid=c2a3f7c4-0e34-4c58-9a9e-1a2b3c4d5e6f&%24.to=%2Fdevices%2Fdev1%2Fmessages%2Fdevicebound" +
		"&%24.ct=application%2Fjson&%24.ce=utf-8&iothub-ack=full&prop%201=value%2F1%26x%3Dy"
	if got := deviceboundTopic("dev1", msg); got != want {
		t.Errorf("topic\n got %s\nwant %s", got, want)
	}
}

func TestPropertyBagSkipsWhatIsMissing(t *testing.T) {
	got := propertyBag("dev 1", &core.Message{})
	if want := "%24.to=%2Fdevices%2Fdev%201%2Fmessages%2Fdevicebound&iothub-ack=none"; got != want {
		t.Errorf("bag %s; want %s", got, want)
	}
	if topic := deviceboundTopic("dev1", &core.Message{}); !strings.HasPrefix(topic, "devices/dev1/messages/devicebound/%24.to=") {
		t.Errorf("topic %s; want the bag after devicebound/", topic)
	}
}

func TestPropertyText(t *testing.T) {
	for _, tc := range []struct {
		in   any
		want string
	}{
		{"text", "text"},
		{nil, ""},
		{uint64(42), "42"},
		{core.UUID{0xc2, 0xa3, 0xf7, 0xc4, 0x0e, 0x34, 0x4c, 0x58, 0x9a, 0x9e, 0x1a, 0x2b, 0x3c, 0x4d, 0x5e, 0x6f}, "c2a3f7c4-0e34-4c58-9a9e-1a2b3c4d5e6f"},
		{[]byte("bytes"), "bytes"},
		{[]byte{0xff, 0x00}, "ff00"},
		{true, "true"},
		{int32(-7), "-7"},
		{time.Date(2030, 1, 2, 3, 4, 5, 600, time.FixedZone("x", 3600)), "2030-01-02T02:04:05.0000006Z"},
	} {
		if got := propertyText(tc.in); got != tc.want {
			t.Errorf("propertyText(%#v) = %q; want %q", tc.in, got, tc.want)
		}
	}
}

func TestEscapeKeepsOnlyUnreservedBytes(t *testing.T) {
	var all []byte
	for c := 0; c < 256; c++ {
		all = append(all, byte(c))
	}
	var b strings.Builder
	writeEscaped(&b, string(all))
	escaped := b.String()
	for i := 0; i < len(escaped); i++ {
		if c := escaped[i]; c != '%' && !unreserved(c) {
			t.Fatalf("escaped text has a raw %q", c)
		}
	}
	if !strings.Contains(escaped, "%2F") || !strings.Contains(escaped, "%24") || !strings.Contains(escaped, "%20") || !strings.Contains(escaped, "%FF") {
		t.Errorf("escaped text lacks upper-case %%2F, %%24, %%20 or %%FF: %s", escaped)
	}
	if back, err := url.PathUnescape(escaped); err != nil || back != string(all) {
		t.Errorf("escaping does not round-trip: %v", err)
	}
}

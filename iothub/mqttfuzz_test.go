package iothub

import (
	"strings"
	"testing"
	"time"
)

// FuzzMQTTPropertyBag feeds the property-bag decoder any bytes a hub could
// put after devices/{id}/messages/devicebound/. It must answer without
// panicking, with a short error that names the pair, and what it decodes
// must come back the same through a strict re-encoding.
func FuzzMQTTPropertyBag(f *testing.F) {
	f.Add(strings.TrimPrefix(specExampleTopic, deviceboundPrefix("dev1")+"/"))
	f.Add(strings.TrimPrefix(headExampleTopic, deviceboundPrefix("dev1")+"/"))
	f.Fuzz(func(t *testing.T, bag string) {
		m := &Message{}
		err := decodePropertyBag(bag, m)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "property bag, pair ") || len(err.Error()) > 400 {
				t.Fatalf("error %q does not name the pair briefly", err)
			}
			return
		}
		again := &Message{}
		if err := decodePropertyBag(encodeBagForTest(m), again); err != nil {
			t.Fatalf("re-encoded bag of %q does not decode: %v", bag, err)
		}
		checkDecoded(t, again, m)
	})
}

// encodeBagForTest writes m's properties as a bag, every byte but the
// unreserved ones percent-encoded.
func encodeBagForTest(m *Message) string {
	var pairs []string
	add := func(k, v string) {
		if v != "" {
			pairs = append(pairs, percentEncode(k)+"="+percentEncode(v))
		}
	}
	add(mqttPropMessageID, m.MessageID)
	add(mqttPropCorrelationID, m.CorrelationID)
	add(mqttPropTo, m.To)
	add(mqttPropUserID, m.UserID)
	add(mqttPropContentType, m.ContentType)
	add(mqttPropContentEncoding, m.ContentEncoding)
	add(propAck, string(m.Ack))
	if !m.ExpiryTime.IsZero() {
		add(mqttPropExpiry, m.ExpiryTime.Format(time.RFC3339Nano))
	}
	for k, v := range m.Properties {
		pairs = append(pairs, percentEncode(k)+"="+percentEncode(v))
	}
	return strings.Join(pairs, "&")
}

func percentEncode(s string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if c := s[i]; isUnreserved(c) {
			b.WriteByte(c)
		} else {
			b.WriteString("%" + string(hex[c>>4]) + string(hex[c&15]))
		}
	}
	return b.String()
}

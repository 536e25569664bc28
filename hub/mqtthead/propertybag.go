package mqtthead

import (
	"strings"
	"time"

	"github.com/hubspec/hubspec/hub/core"
)

// The system property names of the MQTT property bag (spec §6.3). They are
// written percent-encoded, so "$.mid" travels as "%24.mid".
const (
	propExpiry          = "$.exp"
	propCorrelationID   = "$.cid"
	propMessageID       = "$.mid"
	propTo              = "$.to"
	propUserID          = "$.uid"
	propContentType     = "$.ct"
	propContentEncoding = "$.ce"
	propAck             = "iothub-ack"
)

// expiryLayout is how IoT Hub writes $.exp: ISO-8601 in UTC with seven
// fractional digits, e.g. 2030-01-01T00:00:00.0000000Z.
const expiryLayout = "2006-01-02T15:04:05.0000000Z"

// deviceboundTopic is the topic IoT Hub publishes a C2D message on:
// devices/{id}/messages/devicebound/{property bag}, always with the slash
// before the bag, even when the bag is empty (Node takes the bag as
// topic.split('/')[4]).
func deviceboundTopic(deviceID string, msg *core.Message) string {
	return deviceboundBase(deviceID) + propertyBag(deviceID, msg)
}

// propertyBag writes a message's system and application properties as
// key=value pairs joined by '&', every key and value percent-encoded, in the
// order of hub traffic captured in the SDKs' test fixtures (order is not
// significant to any SDK).
func propertyBag(deviceID string, msg *core.Message) string {
	var b bagWriter
	if !msg.ExpiryTime.IsZero() {
		b.add(propExpiry, msg.ExpiryTime.UTC().Format(expiryLayout))
	}
	if msg.CorrelationID != nil {
		b.add(propCorrelationID, core.FormatID(msg.CorrelationID))
	}
	if msg.MessageID != nil {
		b.add(propMessageID, core.FormatID(msg.MessageID))
	}
	b.add(propTo, destination(deviceID, msg))
	if len(msg.UserID) > 0 {
		b.add(propUserID, core.FormatID(msg.UserID))
	}
	b.addIfSet(propContentType, msg.ContentType)
	b.addIfSet(propContentEncoding, msg.ContentEncoding)
	b.add(propAck, msg.Ack.String())
	for _, p := range msg.Properties {
		b.add(p.Key, propertyText(p.Value))
	}
	return b.String()
}

// destination is the message's to, or the device's devicebound address when
// the service left it out.
func destination(deviceID string, msg *core.Message) string {
	if msg.To != "" {
		return msg.To
	}
	return "/devices/" + deviceID + "/messages/devicebound"
}

// propertyText writes an application property value as text: strings as they
// are, timestamps in ISO-8601, anything else as an id would be written.
func propertyText(v any) string {
	if t, ok := v.(time.Time); ok {
		return t.UTC().Format(time.RFC3339Nano)
	}
	return core.FormatID(v)
}

// bagWriter builds a property bag.
type bagWriter struct{ strings.Builder }

func (b *bagWriter) add(key, value string) {
	if b.Len() > 0 {
		b.WriteByte('&')
	}
	writeEscaped(&b.Builder, key)
	b.WriteByte('=')
	writeEscaped(&b.Builder, value)
}

func (b *bagWriter) addIfSet(key, value string) {
	if value != "" {
		b.add(key, value)
	}
}

// writeEscaped percent-encodes every byte of s except RFC 3986's unreserved
// characters (letters, digits, - . _ ~), with upper-case hex as
// encodeURIComponent writes it. That is a little stricter than
// encodeURIComponent (which keeps ! ' ( ) *), and every SDK decodes both.
func writeEscaped(b *strings.Builder, s string) {
	const hex = "0123456789ABCDEF"
	for i := 0; i < len(s); i++ {
		c := s[i]
		if unreserved(c) {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&0xF])
	}
}

func unreserved(c byte) bool {
	switch {
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		return true
	}
	return c == '-' || c == '.' || c == '_' || c == '~'
}

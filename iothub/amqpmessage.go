package iothub

import (
	"encoding/hex"
	"fmt"
	"regexp"
	"strconv"
	"time"

	"github.com/Azure/go-amqp"
)

// The IoT Hub names on the AMQP message (spec §4.2, §5.2).
const (
	propAck            = "iothub-ack"
	annEnqueuedTime    = "iothub-enqueuedtime"
	annDeliveryCount   = "iothub-deliverycount"
	annSequenceNumber  = "x-opt-sequence-number"
	annLockToken       = "x-opt-lock-token"
	deviceBoundAddress = "/messages/devicebound"
)

// nodeUUID is the Node service SDK's test for an id that goes on the wire as
// an AMQP uuid: lower-case, version 1-5, RFC 4122 variant.
var nodeUUID = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)

// deviceBoundTo is the `to` of a C2D message: the device id encoded as
// encodeURIComponent does, as the Node service SDK sends it.
func deviceBoundTo(deviceID string) string {
	return "/devices/" + encodeURIComponent(deviceID) + deviceBoundAddress
}

// encodeURIComponent escapes like JavaScript's: it leaves ! ' ( ) * as they are.
func encodeURIComponent(s string) string {
	out := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		if isUnreserved(c) || c == '!' || c == '\'' || c == '(' || c == ')' || c == '*' {
			out = append(out, c)
			continue
		}
		out = append(out, fmt.Sprintf("%%%02X", c)...)
	}
	return string(out)
}

// toAMQP builds the AMQP message a service sends to deviceID at time now,
// exactly as the Node service SDK does: uuid-looking ids as AMQP uuid,
// content type and encoding as symbols, iothub-ack as an application
// property, one data section.
func toAMQP(deviceID string, m *Message, now time.Time) *amqp.Message {
	to := deviceBoundTo(deviceID)
	props := &amqp.MessageProperties{
		MessageID:     messageIDValue(m.MessageID),
		CorrelationID: messageIDValue(m.CorrelationID),
		To:            &to,
		UserID:        []byte(m.UserID),
	}
	props.ContentType = optional(m.ContentType)
	props.ContentEncoding = optional(m.ContentEncoding)
	if exp := m.expiry(now); !exp.IsZero() {
		props.AbsoluteExpiryTime = &exp
	}
	return &amqp.Message{
		Properties:            props,
		ApplicationProperties: applicationProperties(m),
		Data:                  [][]byte{m.Body},
	}
}

func applicationProperties(m *Message) map[string]any {
	app := make(map[string]any, len(m.Properties)+1)
	for k, v := range m.Properties {
		app[k] = v
	}
	if m.Ack != "" {
		app[propAck] = string(m.Ack)
	}
	return app
}

// messageIDValue is the AMQP value of a message or correlation id.
func messageIDValue(id string) any {
	switch {
	case id == "":
		return nil
	case nodeUUID.MatchString(id):
		var u amqp.UUID
		_, _ = hex.Decode(u[:], []byte(id[0:8]+id[9:13]+id[14:18]+id[19:23]+id[24:]))
		return u
	default:
		return id
	}
}

func optional(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// fromAMQP reads a delivered C2D message: every system and application
// property, the ack mode, and the hub's annotations.
func fromAMQP(raw *amqp.Message) *Message {
	m := &Message{Body: joinData(raw.Data), Properties: map[string]string{}}
	if p := raw.Properties; p != nil {
		readProperties(m, p)
	}
	for k, v := range raw.ApplicationProperties {
		if k == propAck {
			m.Ack = AckMode(formatValue(v))
			continue
		}
		m.Properties[k] = formatValue(v)
	}
	readAnnotations(m, raw)
	if len(raw.DeliveryTag) == 16 && m.LockToken == "" {
		m.LockToken = amqp.UUID(raw.DeliveryTag).String()
	}
	return m
}

func readProperties(m *Message, p *amqp.MessageProperties) {
	m.MessageID = formatID(p.MessageID)
	m.CorrelationID = formatID(p.CorrelationID)
	m.UserID = string(p.UserID)
	m.To = deref(p.To)
	m.ContentType = deref(p.ContentType)
	m.ContentEncoding = deref(p.ContentEncoding)
	if p.AbsoluteExpiryTime != nil {
		m.ExpiryTime = *p.AbsoluteExpiryTime
	}
}

func readAnnotations(m *Message, raw *amqp.Message) {
	if t, ok := raw.Annotations[annEnqueuedTime].(time.Time); ok {
		m.EnqueuedTime = t
	}
	if n, ok := asUint64(raw.Annotations[annDeliveryCount]); ok {
		m.DeliveryCount = int(min(n, 1<<31-1))
	} else if raw.Header != nil {
		m.DeliveryCount = int(min(raw.Header.DeliveryCount, 1<<31-1))
	}
	if n, ok := asUint64(raw.Annotations[annSequenceNumber]); ok {
		m.SequenceNumber = n
	}
	if s, ok := raw.Annotations[annLockToken].(string); ok {
		m.LockToken = s
	}
}

// joinData is the body: the one data section, or all of them joined if a
// peer sent several.
func joinData(sections [][]byte) []byte {
	if len(sections) == 1 {
		return sections[0]
	}
	var body []byte
	for _, s := range sections {
		body = append(body, s...)
	}
	return body
}

// formatID is the string form of a message id of any AMQP type: a uuid in
// canonical lower case, a ulong in decimal, binary in hex.
func formatID(v any) string {
	switch id := v.(type) {
	case nil:
		return ""
	case amqp.UUID:
		return id.String()
	case []byte:
		return hex.EncodeToString(id)
	default:
		return formatValue(id)
	}
}

// formatValue is the string form of a simple AMQP value.
func formatValue(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case amqp.Symbol:
		return string(x)
	case time.Time:
		return x.UTC().Format(time.RFC3339Nano)
	case []byte:
		return string(x)
	case nil:
		return ""
	default:
		return fmt.Sprint(x)
	}
}

func asUint64(v any) (uint64, bool) {
	switch n := v.(type) {
	case uint8:
		return uint64(n), true
	case uint16:
		return uint64(n), true
	case uint32:
		return uint64(n), true
	case uint64:
		return n, true
	case int8, int16, int32, int64, int:
		i, err := strconv.ParseInt(fmt.Sprint(n), 10, 64)
		return uint64(i), err == nil && i >= 0
	}
	return 0, false
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

package core

import (
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// MaxMessageSize is IoT Hub's limit on a C2D message, counted on the whole
// encoded message including properties.
const MaxMessageSize = 65536

// MaxQueueDepth is how many messages a device queue holds.
const MaxQueueDepth = 50

// AckMode is the iothub-ack application property: which outcomes produce
// feedback.
type AckMode uint8

// The ack modes.
const (
	AckNone AckMode = iota
	AckPositive
	AckNegative
	AckFull
)

var ackNames = [...]string{"none", "positive", "negative", "full"}

// String returns the wire form ("none", "positive", "negative", "full").
func (a AckMode) String() string {
	if int(a) < len(ackNames) {
		return ackNames[a]
	}
	return "AckMode(" + strconv.Itoa(int(a)) + ")"
}

// ParseAckMode reads iothub-ack case-insensitively; "" is none.
func ParseAckMode(s string) (AckMode, error) {
	if s == "" {
		return AckNone, nil
	}
	for i, n := range ackNames {
		if strings.EqualFold(n, s) {
			return AckMode(i), nil
		}
	}
	return AckNone, errorf(CodeArgumentInvalid, fmt.Sprintf("iothub-ack %q is not one of none, positive, negative, full", s))
}

// wants reports whether the mode asks for feedback with this status.
func (a AckMode) wants(s FeedbackStatus) bool {
	if s == StatusSuccess {
		return a == AckPositive || a == AckFull
	}
	return a == AckNegative || a == AckFull
}

// UUID is an AMQP uuid (16 bytes), as a message-id or correlation-id may be.
type UUID [16]byte

// String is the canonical lower-case 8-4-4-4-12 form.
func (u UUID) String() string {
	return fmt.Sprintf("%x-%x-%x-%x-%x", u[:4], u[4:6], u[6:8], u[8:10], u[10:])
}

// Property is one application property, kept in the order it arrived.
type Property struct {
	Key string
	// Value is the AMQP value as the head decoded it (usually a string).
	Value any
}

// Message is a C2D message. The service side fills the first group of fields
// as the message arrived; the hub fills the second at Enqueue. After Enqueue
// the hub owns the message and nobody may modify it.
type Message struct {
	// MessageID and CorrelationID keep their AMQP type: string, UUID, uint64
	// or []byte (nil when absent).
	MessageID     any
	CorrelationID any
	UserID        []byte
	To            string
	ContentType   string
	// ContentEncoding is the AMQP content-encoding.
	ContentEncoding string
	// AbsoluteExpiryTime is the service's expiry; zero for the hub default.
	AbsoluteExpiryTime time.Time
	// Ack is the iothub-ack mode.
	Ack AckMode
	// Properties are the application properties other than iothub-ack.
	Properties []Property
	Body       []byte
	// Size is the encoded size of the whole message as received, checked
	// against MaxMessageSize; when zero the hub estimates it from the fields.
	Size int

	// SequenceNumber numbers the messages of one device queue from 1.
	SequenceNumber uint64
	// EnqueuedTime is when the hub accepted the message.
	EnqueuedTime time.Time
	// ExpiryTime is the effective expiry: AbsoluteExpiryTime, or EnqueuedTime
	// plus the hub's default TTL.
	ExpiryTime time.Time
}

// size is the message's size for the limit check.
func (m *Message) size() int {
	if m.Size > 0 {
		return m.Size
	}
	n := len(m.Body) + len(m.UserID) + len(m.To) + len(m.ContentType) + len(m.ContentEncoding)
	n += len(FormatID(m.MessageID)) + len(FormatID(m.CorrelationID))
	for _, p := range m.Properties {
		n += len(p.Key) + len(fmt.Sprint(p.Value))
	}
	return n
}

// FormatID writes a message-id or correlation-id as feedback and MQTT carry it:
// a UUID in canonical form, a ulong in decimal, a string as is, binary as
// UTF-8 text when it is valid UTF-8 and in hex otherwise.
func FormatID(id any) string {
	switch v := id.(type) {
	case nil:
		return ""
	case string:
		return v
	case UUID:
		return v.String()
	case uint64:
		return strconv.FormatUint(v, 10)
	case []byte:
		if utf8.Valid(v) {
			return string(v)
		}
		return hex.EncodeToString(v)
	case fmt.Stringer:
		return v.String()
	}
	return fmt.Sprint(id)
}

// Delivery is one delivery of a message to a device receiver.
type Delivery struct {
	// Message is shared and read-only.
	Message *Message
	// DeliveryCount is how many times the message was abandoned before
	// (iothub-deliverycount).
	DeliveryCount int
	// LockToken settles this delivery; it is the AMQP delivery tag.
	LockToken LockToken
}

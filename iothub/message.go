package iothub

import (
	"fmt"
	"time"
)

// AckMode is the delivery feedback a C2D message asks for (its iothub-ack).
type AckMode string

// The ack modes, in IoT Hub's words.
const (
	AckNone     AckMode = "none"     // no feedback (also when unset)
	AckPositive AckMode = "positive" // feedback when the device completes
	AckNegative AckMode = "negative" // feedback when it is rejected, expires, is purged or exceeds the delivery count
	AckFull     AckMode = "full"     // both
)

// valid reports whether a is one of the four modes or unset.
func (a AckMode) valid() bool {
	switch a {
	case "", AckNone, AckPositive, AckNegative, AckFull:
		return true
	}
	return false
}

// Message is a cloud-to-device message: what a service sends and what a
// device receives. The fields under "Set by the hub" are filled only on a
// received message.
type Message struct {
	Body            []byte
	MessageID       string // sent as an AMQP uuid when it looks like a UUID, as the Node SDK does
	CorrelationID   string // same rule
	UserID          string
	ContentType     string
	ContentEncoding string
	Ack             AckMode
	// ExpiryTime is the absolute expiry. When zero, TTL (if set) gives it
	// relative to the send; when both are zero the hub's default TTL applies.
	ExpiryTime time.Time
	TTL        time.Duration
	// Properties are the application properties (iothub-ack travels in Ack).
	Properties map[string]string

	// Set by the hub.
	To             string    // /devices/<id>/messages/devicebound
	EnqueuedTime   time.Time // iothub-enqueuedtime
	DeliveryCount  int       // iothub-deliverycount: 0 on first delivery
	SequenceNumber uint64    // x-opt-sequence-number
	LockToken      string    // the delivery tag as a GUID string

	settle settler // how a received message is completed, rejected or abandoned
}

// NewMessage returns a message with body.
func NewMessage(body []byte) *Message { return &Message{Body: body} }

// validate checks what the client can check before sending.
func (m *Message) validate() error {
	if !m.Ack.valid() {
		return &Error{Op: "send", Kind: ErrArgument, Description: fmt.Sprintf("ack must be none, positive, negative or full, not %q", m.Ack)}
	}
	if m.TTL < 0 {
		return &Error{Op: "send", Kind: ErrArgument, Description: "TTL must not be negative"}
	}
	return nil
}

// expiry is the absolute expiry to send, given the time of sending.
func (m *Message) expiry(now time.Time) time.Time {
	if !m.ExpiryTime.IsZero() {
		return m.ExpiryTime
	}
	if m.TTL > 0 {
		return now.Add(m.TTL)
	}
	return time.Time{}
}

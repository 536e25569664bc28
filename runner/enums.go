package runner

import "strings"

// Transport is how a device connects to the hub.
type Transport string

// The transports a device can use. MQTT devices cannot reject or abandon: IoT Hub
// completes a message when the device sends PUBACK.
const (
	AMQP Transport = "amqp"
	MQTT Transport = "mqtt"
)

// Transports lists every transport.
var Transports = []Transport{AMQP, MQTT}

// Disposition is how a device settles one delivery, in IoT Hub's words.
type Disposition string

// The dispositions. Ignore settles nothing: the hub's lock expires and the message is
// enqueued again.
const (
	Complete Disposition = "complete"
	Reject   Disposition = "reject"
	Abandon  Disposition = "abandon"
	Ignore   Disposition = "ignore"
)

// Dispositions lists every disposition.
var Dispositions = []Disposition{Complete, Reject, Abandon, Ignore}

// AckMode is the feedback a sender asks for (the iothub-ack property).
type AckMode string

// The ack modes, as IoT Hub names them. None is the default.
const (
	AckNone     AckMode = "none"
	AckPositive AckMode = "positive"
	AckNegative AckMode = "negative"
	AckFull     AckMode = "full"
)

// AckModes lists every ack mode.
var AckModes = []AckMode{AckNone, AckPositive, AckNegative, AckFull}

// FeedbackStatus is the statusCode of a feedback record.
type FeedbackStatus string

// The feedback statuses IoT Hub reports.
const (
	Success               FeedbackStatus = "Success"
	Expired               FeedbackStatus = "Expired"
	DeliveryCountExceeded FeedbackStatus = "DeliveryCountExceeded"
	Rejected              FeedbackStatus = "Rejected"
	Purged                FeedbackStatus = "Purged"
)

// FeedbackStatuses lists every feedback status.
var FeedbackStatuses = []FeedbackStatus{Success, Expired, DeliveryCountExceeded, Rejected, Purged}

// Yields reports whether a message sent with ack mode a produces a feedback record
// with status s.
func (a AckMode) Yields(s FeedbackStatus) bool {
	if s == Success {
		return a == AckPositive || a == AckFull
	}
	return a == AckNegative || a == AckFull
}

// SendOutcome is how the hub answers one send: accepted, or a named error.
type SendOutcome string

// The send outcomes, named as IoT Hub's error codes name them. AnyOutcome, the zero
// value, means the send step itself checks nothing (a later [ExpectSendOutcomes] does).
const (
	AnyOutcome                      SendOutcome = ""
	Accepted                        SendOutcome = "Accepted"
	DeviceNotFound                  SendOutcome = "DeviceNotFound"
	DeviceMaximumQueueDepthExceeded SendOutcome = "DeviceMaximumQueueDepthExceeded"
	MessageTooLarge                 SendOutcome = "MessageTooLarge"
	Throttled                       SendOutcome = "Throttled"
	Unauthorized                    SendOutcome = "Unauthorized"
)

// SendOutcomes lists every outcome a send can have.
var SendOutcomes = []SendOutcome{Accepted, DeviceNotFound, DeviceMaximumQueueDepthExceeded, MessageTooLarge, Throttled, Unauthorized}

// Order is what an [ExpectReceive] requires of the order of a device's messages.
type Order string

// The orders. OrderAny, the default, checks none.
const (
	OrderAny    Order = "any"
	OrderSent   Order = "sent"
	OrderListed Order = "listed"
)

// Orders lists every order.
var Orders = []Order{OrderAny, OrderSent, OrderListed}

// ParseEnum finds s among values, ignoring case, and returns the canonical value.
func ParseEnum[T ~string](s string, values []T) (T, bool) {
	for _, v := range values {
		if strings.EqualFold(s, string(v)) {
			return v, true
		}
	}
	var zero T
	return zero, false
}

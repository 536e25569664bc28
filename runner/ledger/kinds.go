package ledger

// Ack is the feedback a message asks for, in IoT Hub's words (the iothub-ack property).
type Ack string

// The ack modes of IoT Hub.
const (
	AckNone     Ack = "none"
	AckPositive Ack = "positive"
	AckNegative Ack = "negative"
	AckFull     Ack = "full"
)

// allows reports whether a message sent with this ack mode can get feedback with status s.
func (a Ack) allows(s FeedbackStatus) bool {
	switch a {
	case AckFull:
		return true
	case AckPositive:
		return s == StatusSuccess
	case AckNegative:
		return s != StatusSuccess
	default:
		return false
	}
}

// SendResult is how the hub answered a send: Accepted, or the named reason it refused.
type SendResult string

// The send results, named as IoT Hub's error codes name them (the same values as the
// runner's send outcomes). SendFailed is any other error.
const (
	Accepted        SendResult = "Accepted"
	DeviceNotFound  SendResult = "DeviceNotFound"
	QueueFull       SendResult = "DeviceMaximumQueueDepthExceeded"
	MessageTooLarge SendResult = "MessageTooLarge"
	Throttled       SendResult = "Throttled"
	Unauthorized    SendResult = "Unauthorized"
	SendFailed      SendResult = "Failed"
)

// Transport is the protocol a device receives over. It decides what the ledger can
// observe and what a settlement proves.
type Transport string

// The transports. The zero value means AMQP.
const (
	// AMQP: the hub reports each delivery's count, and answers each settlement.
	AMQP Transport = "amqp"
	// MQTT: the delivery count does not travel, a device completes by PUBACK and
	// cannot reject or abandon, and the hub does not answer a PUBACK, so a PUBACK
	// proves the message completed only if the hub does not deliver it again.
	MQTT Transport = "mqtt"
)

// Disposition is what a device did with a delivery.
type Disposition string

// The dispositions. Complete, Reject and Abandon are the device's settlements; Ignore means
// the device chose not to settle (the lock will expire) and LockExpired records that the
// hub's lock ran out.
const (
	Complete    Disposition = "complete"
	Reject      Disposition = "reject"
	Abandon     Disposition = "abandon"
	Ignore      Disposition = "ignore"
	LockExpired Disposition = "lock-expired"
)

// terminal reports whether a successful settlement of this kind ends the message's life.
func (d Disposition) terminal() bool { return d == Complete || d == Reject }

// FeedbackStatus is the statusCode of a feedback record, in IoT Hub's words.
type FeedbackStatus string

// The feedback statuses of IoT Hub.
const (
	StatusSuccess               FeedbackStatus = "Success"
	StatusExpired               FeedbackStatus = "Expired"
	StatusDeliveryCountExceeded FeedbackStatus = "DeliveryCountExceeded"
	StatusRejected              FeedbackStatus = "Rejected"
	StatusPurged                FeedbackStatus = "Purged"
)

// EventKind says what an Event records.
type EventKind uint8

// The kinds of events. AnyKind matches every kind in a Query.
const (
	AnyKind EventKind = iota
	KindSent
	KindSendOutcome
	KindDelivered
	KindSettled
	KindFeedback
	KindPurged
	KindDeviceDeleted
	KindDeviceOffline
	KindDeviceOnline
)

var kindNames = [...]string{"any", "sent", "send-outcome", "delivered", "settled", "feedback",
	"purged", "device-deleted", "device-offline", "device-online"}

// String names the kind.
func (k EventKind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "unknown"
}

// deviceAction reports whether the kind records a runner action on a device rather than
// an event in one message's life.
func (k EventKind) deviceAction() bool { return k >= KindPurged }

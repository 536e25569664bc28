package ledger

import "time"

// Event is one line of the ledger. Kind says which fields are set; the others are zero.
type Event struct {
	// Seq is the event's place in recording order, from 1. Events recorded by one
	// goroutine keep their order; Seq is the tie-breaker when two have the same At.
	Seq  int
	Kind EventKind
	At   time.Time
	// MessageID is the C2D message-id; empty for device actions.
	MessageID string
	// Device is the device the message was sent to (KindSent), delivered to, settled by,
	// reported in feedback, or the device a runner action applied to.
	Device string

	// KindSent.
	CorrelationID string
	Ack           Ack
	Expiry        time.Time // absolute expiry; zero when the hub default TTL applies

	// KindSent: the application properties that matter; KindDelivered: those the device saw.
	Properties map[string]string
	// KindDelivered: the system properties the device saw (message-id, correlation-id, …).
	System map[string]string
	// KindDelivered: the body the device received.
	Body []byte
	// KindDelivered: the delivery count the hub reported (zero over MQTT, where it is
	// not observed).
	DeliveryCount int
	// KindDelivered, KindSettled: the transport of the device.
	Transport Transport

	// KindSendOutcome.
	Result SendResult
	// KindSettled.
	Disposition Disposition
	// KindSettled: the settlement call failed (for example the lock was lost); Detail says why.
	Failed bool
	// KindFeedback.
	Status FeedbackStatus
	// KindPurged: how many messages the purge removed, as the hub reported.
	Count int
	// Detail is the error text of a refused send or a failed settlement.
	Detail string
}

// Sent describes a message the runner sent.
type Sent struct {
	MessageID     string
	Device        string
	CorrelationID string
	Ack           Ack
	Expiry        time.Time
	Properties    map[string]string
	At            time.Time // zero: the ledger's clock
}

// Delivery describes a message a device received.
type Delivery struct {
	MessageID     string
	Device        string
	Transport     Transport
	DeliveryCount int // not observed over MQTT: leave it zero
	Properties    map[string]string
	System        map[string]string
	Body          []byte
	At            time.Time
}

// Settlement describes what a device did with a delivery. Err is the settlement call's
// error, if it failed.
type Settlement struct {
	MessageID   string
	Device      string
	Transport   Transport
	Disposition Disposition
	Err         error
	At          time.Time
}

// Feedback describes one feedback record the service received.
type Feedback struct {
	MessageID string // originalMessageId
	Device    string
	Status    FeedbackStatus
	At        time.Time
}

// refused reports whether a send-outcome event is a refusal.
func (e Event) refused() bool { return e.Kind == KindSendOutcome && e.Result != Accepted }

// puback reports whether e is an MQTT device's successful complete: a PUBACK, which
// the hub does not answer.
func (e Event) puback() bool { return e.settledOK(Complete) && e.Transport == MQTT }

// settledOK reports whether a settlement event succeeded with disposition d.
func (e Event) settledOK(d Disposition) bool {
	return e.Kind == KindSettled && !e.Failed && e.Disposition == d
}

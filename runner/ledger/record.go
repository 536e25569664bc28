package ledger

import (
	"errors"
	"time"
)

// ErrMessageID is returned by RecordSent for a message id that is empty or already used in
// this ledger: the ledger tracks messages by id, so ids must be unique within a scenario.
var ErrMessageID = errors.New("message id must be unique and non-empty")

// RecordSent records a message the runner is sending, before its send outcome is known.
func (l *Ledger) RecordSent(s Sent) error {
	return l.add(Event{Kind: KindSent, At: s.At, MessageID: s.MessageID, Device: s.Device,
		CorrelationID: s.CorrelationID, Ack: s.Ack, Expiry: s.Expiry, Properties: s.Properties})
}

// RecordSendOutcome records how the hub answered the send of messageID: Accepted, or the
// reason it refused, with the error text in detail. A zero at means now.
func (l *Ledger) RecordSendOutcome(messageID string, result SendResult, detail string, at time.Time) {
	_ = l.add(Event{Kind: KindSendOutcome, At: at, MessageID: messageID, Result: result, Detail: detail})
}

// RecordDelivery records a message a device received.
func (l *Ledger) RecordDelivery(d Delivery) {
	_ = l.add(Event{Kind: KindDelivered, At: d.At, MessageID: d.MessageID, Device: d.Device,
		Transport: d.Transport, DeliveryCount: d.DeliveryCount, Properties: d.Properties, System: d.System, Body: d.Body})
}

// RecordSettlement records what a device did with a delivery.
func (l *Ledger) RecordSettlement(s Settlement) {
	e := Event{Kind: KindSettled, At: s.At, MessageID: s.MessageID, Device: s.Device,
		Transport: s.Transport, Disposition: s.Disposition}
	if s.Err != nil {
		e.Failed, e.Detail = true, s.Err.Error()
	}
	_ = l.add(e)
}

// RecordFeedback records a feedback record the service received.
func (l *Ledger) RecordFeedback(f Feedback) {
	_ = l.add(Event{Kind: KindFeedback, At: f.At, MessageID: f.MessageID, Device: f.Device,
		Status: f.Status})
}

// RecordPurge records that the runner purged device's C2D queue, removing count messages.
func (l *Ledger) RecordPurge(device string, count int, at time.Time) {
	_ = l.add(Event{Kind: KindPurged, At: at, Device: device, Count: count})
}

// RecordDeviceDeleted records that the runner deleted device from the registry, and with it
// the device's C2D queue.
func (l *Ledger) RecordDeviceDeleted(device string, at time.Time) {
	_ = l.add(Event{Kind: KindDeviceDeleted, At: at, Device: device})
}

// RecordDeviceOffline records that device disconnected.
func (l *Ledger) RecordDeviceOffline(device string, at time.Time) {
	_ = l.add(Event{Kind: KindDeviceOffline, At: at, Device: device})
}

// RecordDeviceOnline records that device connected.
func (l *Ledger) RecordDeviceOnline(device string, at time.Time) {
	_ = l.add(Event{Kind: KindDeviceOnline, At: at, Device: device})
}

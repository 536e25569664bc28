package ledger

import (
	"errors"
	"time"
)

// t0 is the scenario start in tests.
var t0 = time.Date(2026, 11, 26, 10, 0, 0, 0, time.UTC)

// at is t0 plus ms milliseconds.
func at(ms int) time.Time { return t0.Add(time.Duration(ms) * time.Millisecond) }

// script records events into a ledger, each 10 ms after the previous one.
type script struct {
	l  *Ledger
	ms int
}

func newScript() *script {
	return &script{l: New(Options{Start: t0, Now: func() time.Time { return t0 }})}
}

func (s *script) tick() time.Time { s.ms += 10; return at(s.ms) }

func (s *script) sent(id, device string, ack Ack) *script {
	if err := s.l.RecordSent(Sent{MessageID: id, Device: device, Ack: ack, At: s.tick()}); err != nil {
		panic(err)
	}
	return s
}

func (s *script) sentExpiring(id, device string, expiry time.Time) *script {
	if err := s.l.RecordSent(Sent{MessageID: id, Device: device, Expiry: expiry, At: s.tick()}); err != nil {
		panic(err)
	}
	return s
}

func (s *script) accepted(id string) *script {
	s.l.RecordSendOutcome(id, Accepted, "", s.tick())
	return s
}

func (s *script) refused(id string, r SendResult, detail string) *script {
	s.l.RecordSendOutcome(id, r, detail, s.tick())
	return s
}

func (s *script) delivered(id, device string, count int) *script {
	s.l.RecordDelivery(Delivery{MessageID: id, Device: device, DeliveryCount: count, At: s.tick()})
	return s
}

func (s *script) settled(id, device string, d Disposition) *script {
	s.l.RecordSettlement(Settlement{MessageID: id, Device: device, Disposition: d, At: s.tick()})
	return s
}

func (s *script) settleFailed(id, device string, d Disposition, why string) *script {
	s.l.RecordSettlement(Settlement{MessageID: id, Device: device, Disposition: d,
		Err: errors.New(why), At: s.tick()})
	return s
}

func (s *script) feedback(id, device string, st FeedbackStatus) *script {
	s.l.RecordFeedback(Feedback{MessageID: id, Device: device, Status: st, At: s.tick()})
	return s
}

func (s *script) purged(device string, n int) *script {
	s.l.RecordPurge(device, n, s.tick())
	return s
}

func (s *script) deleted(device string) *script {
	s.l.RecordDeviceDeleted(device, s.tick())
	return s
}

func (s *script) offline(device string) *script {
	s.l.RecordDeviceOffline(device, s.tick())
	return s
}

func (s *script) online(device string) *script {
	s.l.RecordDeviceOnline(device, s.tick())
	return s
}

func (s *script) deliveredMQTT(id, device string) *script {
	s.l.RecordDelivery(Delivery{MessageID: id, Device: device, Transport: MQTT, At: s.tick()})
	return s
}

// puback records an MQTT device's complete: its PUBACK.
func (s *script) puback(id, device string) *script {
	s.l.RecordSettlement(Settlement{MessageID: id, Device: device, Transport: MQTT, Disposition: Complete, At: s.tick()})
	return s
}

func (s *script) settledMQTT(id, device string, d Disposition) *script {
	s.l.RecordSettlement(Settlement{MessageID: id, Device: device, Transport: MQTT, Disposition: d, At: s.tick()})
	return s
}

// errNotSupported stands for the device client's refusal of a reject over MQTT.
var errNotSupported = errors.New("not supported over MQTT")

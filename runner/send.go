package runner

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/hubspec/hubspec/iothub"
	"github.com/hubspec/hubspec/runner/ledger"
)

// sendConcurrency bounds the devices sent to at once. Each device's messages go one after
// another, so its queue holds them in the order the step numbers them; the service
// client pipelines the sends of different devices on its one link.
const sendConcurrency = 256

// sendTarget is one device a send step addresses: in the fleet, or (for DeviceNotFound)
// an id outside it.
type sendTarget struct {
	dev   Device
	hubID string
}

// sendStep sends the step's messages, records each send and its outcome, and checks the
// outcome the step states.
func (s *session) sendStep(ctx context.Context, st *Send) error {
	client, err := s.hub.sender(ctx, st.Outcome)
	if err != nil {
		return err
	}
	targets := s.sendTargets(st)
	tick := s.meter("sending messages", len(targets)*st.Count).add
	perTarget := make([][]*sentMessage, len(targets))
	err = forEachTarget(ctx, targets, func(ctx context.Context, i int, t sendTarget) error {
		var err error
		perTarget[i], err = s.sendTo(ctx, client, st, t, tick)
		return err
	})
	if err != nil {
		return err
	}
	var msgs []*sentMessage
	for _, ms := range perTarget {
		msgs = append(msgs, ms...)
	}
	return s.checkOutcomes(st, msgs)
}

// sendTargets resolves the step's devices; a device outside the fleet is addressed by
// its id as the hub would know it.
func (s *session) sendTargets(st *Send) []sendTarget {
	ds := s.sc.Resolve(st.To)
	if len(ds) == 0 && st.To.Device != "" {
		return []sendTarget{{dev: Device{ID: st.To.Device}, hubID: s.ids.hub(st.To.Device)}}
	}
	out := make([]sendTarget, len(ds))
	for i, d := range ds {
		out[i] = sendTarget{dev: d, hubID: s.ids.hub(d.ID)}
	}
	return out
}

func forEachTarget(ctx context.Context, ts []sendTarget, fn func(context.Context, int, sendTarget) error) error {
	sem := make(chan struct{}, sendConcurrency)
	var wg sync.WaitGroup
	errs := make([]error, len(ts))
	for i, t := range ts {
		sem <- struct{}{}
		wg.Add(1)
		go func() {
			defer func() { <-sem; wg.Done() }()
			errs[i] = fn(ctx, i, t)
		}()
	}
	wg.Wait()
	return errors.Join(errs...)
}

// sendTo sends the step's messages to one device, in order.
func (s *session) sendTo(ctx context.Context, client *iothub.ServiceClient, st *Send, t sendTarget, tick func()) ([]*sentMessage, error) {
	var out []*sentMessage
	for i := 1; i <= st.Count; i++ {
		if err := ctx.Err(); err != nil {
			return out, err
		}
		m := &sentMessage{Label: st.Label, Device: t.dev.ID, Vars: s.vars(t.dev, t.hubID, i)}
		m.ID = st.MessageID.Expand(m.Vars)
		if err := s.sendOne(ctx, client, st, t.hubID, m); err != nil {
			return out, err
		}
		out = append(out, m)
		tick()
	}
	return out, nil
}

// sendOne records the message, sends it and records the hub's answer. Only a message id
// that repeats stops the step: every answer of the hub is an outcome.
func (s *session) sendOne(ctx context.Context, client *iothub.ServiceClient, st *Send, hubID string, m *sentMessage) error {
	msg := buildMessage(st, m)
	now := time.Now()
	err := s.led.RecordSent(ledger.Sent{MessageID: m.ID, Device: hubID, CorrelationID: msg.CorrelationID,
		Ack: ledger.Ack(msg.Ack), Expiry: expiryOf(msg, now), Properties: msg.Properties, At: now})
	if err != nil {
		return fmt.Errorf("device %s: %w", m.Device, err)
	}
	s.sent.add(m)
	s.hub.feedback.route(m.ID, s.led)
	err = client.Send(ctx, hubID, msg)
	if err != nil && ctx.Err() != nil {
		return ctx.Err() // interrupted: no outcome to record
	}
	result, detail := sendResult(err)
	s.led.RecordSendOutcome(m.ID, result, detail, time.Now())
	return nil
}

// buildMessage makes the C2D message the step describes for one device.
func buildMessage(st *Send, m *sentMessage) *iothub.Message {
	msg := iothub.NewMessage(st.Body)
	msg.MessageID = m.ID
	msg.CorrelationID = st.CorrelationID.Expand(m.Vars)
	msg.ContentType, msg.ContentEncoding = st.ContentType, st.ContentEncoding
	msg.TTL, msg.ExpiryTime = st.TTL, st.Expiry
	if st.Ack != "" && st.Ack != AckNone {
		msg.Ack = iothub.AckMode(st.Ack)
	}
	if len(st.Properties) > 0 {
		msg.Properties = make(map[string]string, len(st.Properties))
		for _, p := range st.Properties {
			msg.Properties[p.Name] = p.Value.Expand(m.Vars)
		}
	}
	return msg
}

// expiryOf is the message's absolute expiry as the ledger accounts for it.
func expiryOf(msg *iothub.Message, sent time.Time) time.Time {
	if msg.TTL > 0 {
		return sent.Add(msg.TTL)
	}
	return msg.ExpiryTime
}

// sendResult names the hub's answer to a send as the ledger does, with the error's text.
func sendResult(err error) (ledger.SendResult, string) {
	if err == nil {
		return ledger.Accepted, ""
	}
	for _, k := range []struct {
		kind   error
		result ledger.SendResult
	}{
		{iothub.ErrDeviceNotFound, ledger.DeviceNotFound},
		{iothub.ErrDeviceMaximumQueueDepthExceeded, ledger.QueueFull},
		{iothub.ErrMessageTooLarge, ledger.MessageTooLarge},
		{iothub.ErrThrottled, ledger.Throttled},
		{iothub.ErrUnauthorized, ledger.Unauthorized},
	} {
		if errors.Is(err, k.kind) {
			return k.result, err.Error()
		}
	}
	return ledger.SendFailed, err.Error()
}

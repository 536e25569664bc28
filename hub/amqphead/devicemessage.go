package amqphead

import (
	"github.com/hubspec/hubspec/hub/core"
	"github.com/hubspec/hubspec/internal/amqpwire"
)

// The message annotations IoT Hub adds to a C2D delivery (spec §5.2).
const (
	annotationEnqueuedTime   amqpwire.Symbol = "iothub-enqueuedtime"
	annotationDeliveryCount  amqpwire.Symbol = "iothub-deliverycount"
	annotationSequenceNumber amqpwire.Symbol = "x-opt-sequence-number"
	annotationLockToken      amqpwire.Symbol = "x-opt-lock-token"
)

// deviceMessage encodes a C2D delivery as every SDK can read it (spec §5.2):
// the annotations iothub-enqueuedtime (timestamp), iothub-deliverycount
// (ubyte), x-opt-sequence-number (ulong) and x-opt-lock-token; the service's
// properties with their AMQP types and absolute-expiry-time set to the
// effective expiry; iothub-ack first among the application properties; and
// exactly one data section.
func deviceMessage(deviceID string, d core.Delivery) ([]byte, error) {
	m := d.Message
	to := m.To
	if to == "" {
		to = "/devices/" + deviceID + "/messages/devicebound"
	}
	wire := amqpwire.Message{
		MessageAnnotations: amqpwire.Map{
			{Key: annotationEnqueuedTime, Value: m.EnqueuedTime},
			{Key: annotationDeliveryCount, Value: uint8(min(d.DeliveryCount, 255))},
			{Key: annotationSequenceNumber, Value: m.SequenceNumber},
			{Key: annotationLockToken, Value: d.LockToken.String()},
		},
		Properties: &amqpwire.Properties{
			MessageID:          wireID(m.MessageID),
			UserID:             m.UserID,
			To:                 to,
			CorrelationID:      wireID(m.CorrelationID),
			ContentType:        amqpwire.Symbol(m.ContentType),
			ContentEncoding:    amqpwire.Symbol(m.ContentEncoding),
			AbsoluteExpiryTime: m.ExpiryTime,
		},
		ApplicationProperties: applicationProperties(m),
		Data:                  [][]byte{nonNil(m.Body)},
	}
	return wire.MarshalBinary()
}

func applicationProperties(m *core.Message) amqpwire.Map {
	props := make(amqpwire.Map, 0, len(m.Properties)+1)
	props = append(props, amqpwire.KeyValue{Key: ackProperty, Value: m.Ack.String()})
	for _, p := range m.Properties {
		if p.Value != nil { // a null property becomes "undefined" in Node
			props = append(props, amqpwire.KeyValue{Key: p.Key, Value: p.Value})
		}
	}
	return props
}

func nonNil(b []byte) []byte {
	if b == nil {
		return []byte{}
	}
	return b
}

// feedbackMessage encodes a feedback delivery (spec §7.2): a GUID string
// message-id, the hub name as user-id, the feedback content-type, the
// iothub-enqueuedtime annotation and the JSON records in one data section.
func feedbackMessage(d core.FeedbackDelivery) ([]byte, error) {
	wire := amqpwire.Message{
		MessageAnnotations: amqpwire.Map{{Key: annotationEnqueuedTime, Value: d.EnqueuedTime}},
		Properties: &amqpwire.Properties{
			MessageID:          d.MessageID,
			UserID:             []byte(d.UserID),
			ContentType:        amqpwire.Symbol(d.ContentType),
			AbsoluteExpiryTime: d.ExpiryTime,
		},
		Data: [][]byte{nonNil(d.Body)},
	}
	return wire.MarshalBinary()
}

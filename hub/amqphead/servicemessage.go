package amqphead

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/hubspec/hubspec/hub/core"
	"github.com/hubspec/hubspec/internal/amqpserver"
	"github.com/hubspec/hubspec/internal/amqpwire"
)

// ackProperty is the application property that carries the ack mode.
const ackProperty = "iothub-ack"

// serviceMessage reads a C2D message as a service sends it (spec §4.2) into a
// core.Message for the device its `to` names. Errors are AMQP errors to reject
// the delivery with: amqp:decode-error for bytes that are not a message,
// com.microsoft:argument-error for a missing or malformed `to` or iothub-ack,
// amqp:not-implemented for a module address.
func serviceMessage(payload []byte) (deviceID string, msg *core.Message, err *amqpwire.Error) {
	m, derr := amqpwire.UnmarshalMessage(payload)
	if derr != nil {
		return "", nil, newError(amqpwire.ConditionDecodeError, "the message cannot be decoded: "+derr.Error())
	}
	if m.Properties == nil || m.Properties.To == "" {
		return "", nil, newError(conditionArgumentError, "the message has no `to` property (want /devices/{deviceId}/messages/devicebound)")
	}
	deviceID, err = deviceFromTo(m.Properties.To)
	if err != nil {
		return "", nil, err
	}
	msg = &core.Message{Size: len(payload), Body: body(m)}
	copyProperties(msg, m.Properties)
	if err := copyApplicationProperties(msg, m.ApplicationProperties); err != nil {
		return "", nil, err
	}
	return deviceID, msg, nil
}

// deviceFromTo reads the device id from `to` (spec §3): an optional
// amqps://host[:port] prefix, case-insensitive segments, a URL-encoded id.
func deviceFromTo(to string) (string, *amqpwire.Error) {
	segs := strings.Split(amqpserver.NormalizeAddress(to), "/")
	isDevices := len(segs) >= 5 && segs[0] == "" && strings.EqualFold(segs[1], "devices") && segs[2] != ""
	switch {
	case isDevices && len(segs) == 5 && strings.EqualFold(segs[3], "messages") && strings.EqualFold(segs[4], "devicebound"):
		id, err := url.PathUnescape(segs[2])
		if err != nil {
			return segs[2], nil // '%' is allowed in device ids
		}
		return id, nil
	case isDevices && len(segs) == 7 && strings.EqualFold(segs[3], "modules"):
		return "", newError(amqpwire.ConditionNotImplemented, "cloud-to-device messages to modules are not supported")
	}
	return "", newError(conditionArgumentError, fmt.Sprintf("`to` %q is not /devices/{deviceId}/messages/devicebound", clip(to)))
}

// copyProperties keeps the system properties with their AMQP types.
func copyProperties(msg *core.Message, p *amqpwire.Properties) {
	msg.MessageID = coreID(p.MessageID)
	msg.CorrelationID = coreID(p.CorrelationID)
	msg.UserID = p.UserID
	msg.To = p.To
	msg.ContentType = string(p.ContentType)
	msg.ContentEncoding = string(p.ContentEncoding)
	msg.AbsoluteExpiryTime = p.AbsoluteExpiryTime
}

// copyApplicationProperties takes iothub-ack out and keeps the rest in order,
// with string keys (symbol keys are read as their name).
func copyApplicationProperties(msg *core.Message, props amqpwire.Map) *amqpwire.Error {
	for _, kv := range props {
		key := text(kv.Key)
		if key == "" {
			continue
		}
		if key == ackProperty {
			ack, err := core.ParseAckMode(text(kv.Value))
			if err != nil {
				return newError(conditionArgumentError, err.Error())
			}
			msg.Ack = ack
			continue
		}
		msg.Properties = append(msg.Properties, core.Property{Key: key, Value: kv.Value})
	}
	return nil
}

// body reads the payload: the data sections (one, as every SDK sends), or a
// binary or string amqp-value; none gives an empty body (the Node SDK sends
// no body section for a message without data).
func body(m *amqpwire.Message) []byte {
	switch {
	case len(m.Data) == 1:
		return m.Data[0]
	case len(m.Data) > 1:
		var b []byte
		for _, d := range m.Data {
			b = append(b, d...)
		}
		return b
	case m.HasValue:
		switch v := m.Value.(type) {
		case []byte:
			return v
		case string:
			return []byte(v)
		}
	}
	return nil
}

// coreID converts a message-id or correlation-id to the core's types, keeping
// the AMQP type (a uuid stays a uuid, a ulong a ulong).
func coreID(v any) any {
	if u, ok := v.(amqpwire.UUID); ok {
		return core.UUID(u)
	}
	return v
}

// wireID converts back for the device.
func wireID(v any) any {
	if u, ok := v.(core.UUID); ok {
		return amqpwire.UUID(u)
	}
	return v
}

package runner

import (
	"github.com/hubspec/hubspec/iothub"
	"github.com/hubspec/hubspec/runner/ledger"
)

// receivedOf is what a device saw of a C2D message over transport, for its rules and
// the ledger.
func receivedOf(m *iothub.Message, transport Transport) *Received {
	ack := AckMode(m.Ack)
	if ack == "" {
		ack = AckNone
	}
	return &Received{
		MessageID: m.MessageID, CorrelationID: m.CorrelationID, ContentType: m.ContentType,
		ContentEncoding: m.ContentEncoding, To: m.To, Ack: ack, Properties: m.Properties,
		Body: m.Body, DeliveryCount: m.DeliveryCount, Transport: transport,
	}
}

// systemOf lists the system properties a device saw, by the names matches use.
func systemOf(r *Received) map[string]string {
	sys := make(map[string]string, len(SystemProperties))
	for _, p := range SystemProperties {
		if v := r.system(p); v != "" {
			sys[string(p)] = v
		}
	}
	return sys
}

// receivedFrom rebuilds what a device saw from the ledger's record of the delivery.
func receivedFrom(e ledger.Event) *Received {
	sys := e.System
	return &Received{
		MessageID: sys[string(PropMessageID)], CorrelationID: sys[string(PropCorrelationID)],
		ContentType: sys[string(PropContentType)], ContentEncoding: sys[string(PropContentEncoding)],
		To: sys[string(PropTo)], Ack: AckMode(sys[string(PropAck)]), Properties: e.Properties,
		Body: e.Body, DeliveryCount: e.DeliveryCount, Transport: transportOf(e),
	}
}

// transportOf is the transport of a delivery the ledger recorded.
func transportOf(e ledger.Event) Transport {
	if e.Transport == ledger.MQTT {
		return MQTT
	}
	return AMQP
}

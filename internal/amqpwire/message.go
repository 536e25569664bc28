package amqpwire

import "time"

// Message is an AMQP message (AMQP 1.0 part 3.2): its sections in wire order.
// Absent sections are nil; the body is one or more Data sections, one or more
// Sequence sections, or a Value (HasValue set, since the value may be null).
type Message struct {
	Header                *Header
	DeliveryAnnotations   Map
	MessageAnnotations    Map
	Properties            *Properties
	ApplicationProperties Map
	Data                  [][]byte
	Sequence              [][]any
	Value                 any
	HasValue              bool
	Footer                Map
}

// Header is the header section: delivery details for intermediaries.
type Header struct {
	Durable       bool
	Priority      uint8  // decoded as 4 when absent; 4 is encoded as absent
	TTL           uint32 // milliseconds; 0 means none
	FirstAcquirer bool
	DeliveryCount uint32
}

// Properties is the properties section, the immutable properties of a message.
type Properties struct {
	MessageID          any // string, UUID, uint64 or []byte; nil when absent
	UserID             []byte
	To                 string
	Subject            string
	ReplyTo            string
	CorrelationID      any // like MessageID
	ContentType        Symbol
	ContentEncoding    Symbol
	AbsoluteExpiryTime time.Time // zero when absent
	CreationTime       time.Time // zero when absent
	GroupID            string
	GroupSequence      Optional[uint32]
	ReplyToGroupID     string
}

// MarshalBinary encodes the message.
func (m *Message) MarshalBinary() ([]byte, error) { return m.AppendTo(nil) }

// AppendTo appends the encoded message to b.
func (m *Message) AppendTo(b []byte) ([]byte, error) {
	start := len(b)
	b, err := m.appendSections(b)
	if err != nil {
		return b[:start], err
	}
	return b, nil
}

func (m *Message) appendSections(b []byte) ([]byte, error) {
	if m.Header != nil {
		b = m.Header.appendTo(b)
	}
	b, err := appendMapSection(b, descDeliveryAnnotations, m.DeliveryAnnotations)
	if err == nil {
		b, err = appendMapSection(b, descMessageAnnotations, m.MessageAnnotations)
	}
	if err == nil && m.Properties != nil {
		b, err = m.Properties.appendTo(b)
	}
	if err == nil {
		b, err = appendMapSection(b, descApplicationProperties, m.ApplicationProperties)
	}
	if err == nil {
		b, err = m.appendBody(b)
	}
	if err == nil {
		b, err = appendMapSection(b, descFooter, m.Footer)
	}
	return b, err
}

func (m *Message) appendBody(b []byte) ([]byte, error) {
	for _, d := range m.Data {
		b = appendBinary(appendDescriptor(b, descData), d)
	}
	var err error
	for _, s := range m.Sequence {
		if b, err = appendList(appendDescriptor(b, descAMQPSequence), s, 1); err != nil {
			return b, err
		}
	}
	if m.HasValue {
		return appendValue(appendDescriptor(b, descAMQPValue), m.Value, 1)
	}
	return b, nil
}

func appendMapSection(b []byte, desc uint64, m Map) ([]byte, error) {
	if m == nil {
		return b, nil
	}
	return appendMap(appendDescriptor(b, desc), m, 1)
}

func (h *Header) appendTo(b []byte) []byte {
	w := beginFields(b, descHeader)
	w.flag(h.Durable)
	w.ubyteDef(h.Priority, 4)
	w.uintDef(h.TTL, 0)
	w.flag(h.FirstAcquirer)
	w.uintDef(h.DeliveryCount, 0)
	b, _ = w.end()
	return b
}

func (p *Properties) appendTo(b []byte) ([]byte, error) {
	w := beginFields(b, descProperties)
	w.value(p.MessageID)
	w.bin(p.UserID)
	w.str(p.To)
	w.str(p.Subject)
	w.str(p.ReplyTo)
	w.value(p.CorrelationID)
	w.sym(p.ContentType)
	w.sym(p.ContentEncoding)
	w.timestamp(p.AbsoluteExpiryTime)
	w.timestamp(p.CreationTime)
	w.str(p.GroupID)
	w.optUint(p.GroupSequence)
	w.str(p.ReplyToGroupID)
	return w.end()
}

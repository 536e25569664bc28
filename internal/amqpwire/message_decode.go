package amqpwire

import "time"

// UnmarshalMessage decodes an encoded message. Binary values in the result
// alias b.
func UnmarshalMessage(b []byte) (*Message, error) {
	m := &Message{}
	if err := m.UnmarshalBinary(b); err != nil {
		return nil, err
	}
	return m, nil
}

// UnmarshalBinary decodes an encoded message into m.
func (m *Message) UnmarshalBinary(b []byte) error {
	*m = Message{}
	d := newDecoder(b)
	for d.err == nil && d.off < d.end {
		start := d.off
		code, ok := d.readDescribed()
		if !ok && d.err == nil {
			d.off = start
			d.fail("message section is null")
		}
		if d.err == nil {
			m.readSection(d, code)
		}
	}
	if d.err != nil {
		return d.err
	}
	return nil
}

func (m *Message) readSection(d *decoder, code uint64) {
	switch code {
	case descHeader:
		m.Header = d.readHeader()
	case descDeliveryAnnotations:
		m.DeliveryAnnotations = d.readSectionMap("delivery-annotations")
	case descMessageAnnotations:
		m.MessageAnnotations = d.readSectionMap("message-annotations")
	case descProperties:
		m.Properties = d.readProperties()
	case descApplicationProperties:
		m.ApplicationProperties = d.readSectionMap("application-properties")
	case descFooter:
		m.Footer = d.readSectionMap("footer")
	default:
		m.readBody(d, code)
	}
}

func (m *Message) readBody(d *decoder, code uint64) {
	switch code {
	case descData:
		d.owner, d.field = "data", "binary"
		v, ok := d.readBinary()
		if !ok {
			d.fail("data section is not binary")
		}
		m.Data = append(m.Data, v)
	case descAMQPSequence:
		l, ok := d.value().([]any)
		if !ok {
			d.fail("amqp-sequence section is not a list")
		}
		m.Sequence = append(m.Sequence, l)
	case descAMQPValue:
		m.Value, m.HasValue = d.value(), true
	default:
		d.fail("unknown message section with descriptor 0x%x", code)
	}
}

// readSectionMap reads the map of an annotations, properties or footer section.
func (d *decoder) readSectionMap(name string) Map {
	d.owner, d.field = name, "map"
	m := d.readMap()
	if m == nil && d.err == nil {
		m = Map{}
	}
	d.owner = ""
	return m
}

func (d *decoder) readHeader() *Header {
	h := &Header{Priority: 4}
	f := d.fields("header")
	if f.next("durable") {
		h.Durable, _ = d.readBool()
	}
	if f.next("priority") {
		if v, ok := d.readUbyte(); ok {
			h.Priority = v
		}
	}
	if f.next("ttl") {
		h.TTL, _ = d.readUint()
	}
	if f.next("first-acquirer") {
		h.FirstAcquirer, _ = d.readBool()
	}
	if f.next("delivery-count") {
		h.DeliveryCount, _ = d.readUint()
	}
	f.close()
	return h
}

func (d *decoder) readProperties() *Properties {
	p := &Properties{}
	f := d.fields("properties")
	if f.next("message-id") {
		p.MessageID = d.value()
	}
	if f.next("user-id") {
		p.UserID, _ = d.readBinary()
	}
	if f.next("to") {
		p.To = d.readAddress()
	}
	if f.next("subject") {
		p.Subject, _ = d.readString()
	}
	if f.next("reply-to") {
		p.ReplyTo = d.readAddress()
	}
	if f.next("correlation-id") {
		p.CorrelationID = d.value()
	}
	d.readPropertiesTail(&f, p)
	f.close()
	return p
}

func (d *decoder) readPropertiesTail(f *fieldReader, p *Properties) {
	if f.next("content-type") {
		p.ContentType, _ = d.readSymbol()
	}
	if f.next("content-encoding") {
		p.ContentEncoding, _ = d.readSymbol()
	}
	if f.next("absolute-expiry-time") {
		p.AbsoluteExpiryTime = d.readTimestamp()
	}
	if f.next("creation-time") {
		p.CreationTime = d.readTimestamp()
	}
	if f.next("group-id") {
		p.GroupID, _ = d.readString()
	}
	if f.next("group-sequence") {
		p.GroupSequence = d.readOptUint()
	}
	if f.next("reply-to-group-id") {
		p.ReplyToGroupID, _ = d.readString()
	}
}

// readTimestamp reads a timestamp; null is the zero time.
func (d *decoder) readTimestamp() time.Time {
	code, ok := d.constructor()
	if !ok {
		return time.Time{}
	}
	if code != codeTimestamp {
		d.wrongType("a timestamp", code)
		return time.Time{}
	}
	return d.timestamp()
}

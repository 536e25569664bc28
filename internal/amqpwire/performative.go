package amqpwire

// Performative is the body of an AMQP frame (Open, Begin, Attach, Flow, Transfer,
// Disposition, Detach, End, Close) or of a SASL frame (SASLMechanisms, SASLInit,
// SASLChallenge, SASLResponse, SASLOutcome).
type Performative interface {
	// FrameType is FrameTypeAMQP or FrameTypeSASL.
	FrameType() uint8
	appendTo(b []byte) ([]byte, error)
}

func (*Open) FrameType() uint8           { return FrameTypeAMQP }
func (*Begin) FrameType() uint8          { return FrameTypeAMQP }
func (*Attach) FrameType() uint8         { return FrameTypeAMQP }
func (*Flow) FrameType() uint8           { return FrameTypeAMQP }
func (*Transfer) FrameType() uint8       { return FrameTypeAMQP }
func (*Disposition) FrameType() uint8    { return FrameTypeAMQP }
func (*Detach) FrameType() uint8         { return FrameTypeAMQP }
func (*End) FrameType() uint8            { return FrameTypeAMQP }
func (*Close) FrameType() uint8          { return FrameTypeAMQP }
func (*SASLMechanisms) FrameType() uint8 { return FrameTypeSASL }
func (*SASLInit) FrameType() uint8       { return FrameTypeSASL }
func (*SASLChallenge) FrameType() uint8  { return FrameTypeSASL }
func (*SASLResponse) FrameType() uint8   { return FrameTypeSASL }
func (*SASLOutcome) FrameType() uint8    { return FrameTypeSASL }

// DecodePerformative decodes a frame body of the given frame type. The payload
// that follows a transfer ends up in Transfer.Payload, aliasing body.
func DecodePerformative(frameType uint8, body []byte) (Performative, error) {
	d := newDecoder(body)
	code, ok := d.readDescribed()
	if d.err != nil {
		return nil, d.err
	}
	if !ok {
		return nil, decodeErrorf(0, "frame body is null, not a performative")
	}
	p := d.performative(frameType, code)
	if d.err != nil {
		return nil, d.err
	}
	if t, ok := p.(*Transfer); ok {
		t.Payload = body[d.off:len(body):len(body)]
	}
	return p, nil
}

func (d *decoder) performative(frameType uint8, code uint64) Performative {
	if frameType == FrameTypeSASL {
		return d.saslPerformative(code)
	}
	switch code {
	case descOpen:
		return d.readOpen()
	case descBegin:
		return d.readBegin()
	case descAttach:
		return d.readAttach()
	case descFlow:
		return d.readFlow()
	case descTransfer:
		return d.readTransfer()
	case descDisposition:
		return d.readDisposition()
	case descDetach:
		return d.readDetach()
	case descEnd:
		return &End{Error: d.readErrorOnly("end")}
	case descClose:
		return &Close{Error: d.readErrorOnly("close")}
	}
	d.fail("descriptor 0x%x is not an AMQP performative", code)
	return nil
}

func (d *decoder) saslPerformative(code uint64) Performative {
	switch code {
	case descSASLMechanisms:
		return d.readSASLMechanisms()
	case descSASLInit:
		return d.readSASLInit()
	case descSASLChallenge:
		return &SASLChallenge{Challenge: d.readSASLBinary("sasl-challenge", "challenge")}
	case descSASLResponse:
		return &SASLResponse{Response: d.readSASLBinary("sasl-response", "response")}
	case descSASLOutcome:
		return d.readSASLOutcome()
	}
	d.fail("descriptor 0x%x is not a SASL frame body", code)
	return nil
}

// readErrorOnly reads the fields of end and close: one optional error.
func (d *decoder) readErrorOnly(owner string) *Error {
	var e *Error
	f := d.fields(owner)
	if f.next("error") {
		e = d.readError()
	}
	f.close()
	return e
}

package amqpwire

// Performative is the body of an AMQP frame (Open, Begin, Attach, Flow, Transfer,
// Disposition, Detach, End, Close) or of a SASL frame (SASLMechanisms, SASLInit,
// SASLChallenge, SASLResponse, SASLOutcome).
type Performative interface {
	// FrameType is FrameTypeAMQP or FrameTypeSASL.
	FrameType() uint8
	appendTo(b []byte) ([]byte, error)
}

// FrameType returns FrameTypeAMQP: Open travels in an AMQP frame.
func (*Open) FrameType() uint8 { return FrameTypeAMQP }

// FrameType returns FrameTypeAMQP: Begin travels in an AMQP frame.
func (*Begin) FrameType() uint8 { return FrameTypeAMQP }

// FrameType returns FrameTypeAMQP: Attach travels in an AMQP frame.
func (*Attach) FrameType() uint8 { return FrameTypeAMQP }

// FrameType returns FrameTypeAMQP: Flow travels in an AMQP frame.
func (*Flow) FrameType() uint8 { return FrameTypeAMQP }

// FrameType returns FrameTypeAMQP: Transfer travels in an AMQP frame.
func (*Transfer) FrameType() uint8 { return FrameTypeAMQP }

// FrameType returns FrameTypeAMQP: Disposition travels in an AMQP frame.
func (*Disposition) FrameType() uint8 { return FrameTypeAMQP }

// FrameType returns FrameTypeAMQP: Detach travels in an AMQP frame.
func (*Detach) FrameType() uint8 { return FrameTypeAMQP }

// FrameType returns FrameTypeAMQP: End travels in an AMQP frame.
func (*End) FrameType() uint8 { return FrameTypeAMQP }

// FrameType returns FrameTypeAMQP: Close travels in an AMQP frame.
func (*Close) FrameType() uint8 { return FrameTypeAMQP }

// FrameType returns FrameTypeSASL: SASLMechanisms travels in a SASL frame.
func (*SASLMechanisms) FrameType() uint8 { return FrameTypeSASL }

// FrameType returns FrameTypeSASL: SASLInit travels in a SASL frame.
func (*SASLInit) FrameType() uint8 { return FrameTypeSASL }

// FrameType returns FrameTypeSASL: SASLChallenge travels in a SASL frame.
func (*SASLChallenge) FrameType() uint8 { return FrameTypeSASL }

// FrameType returns FrameTypeSASL: SASLResponse travels in a SASL frame.
func (*SASLResponse) FrameType() uint8 { return FrameTypeSASL }

// FrameType returns FrameTypeSASL: SASLOutcome travels in a SASL frame.
func (*SASLOutcome) FrameType() uint8 { return FrameTypeSASL }

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

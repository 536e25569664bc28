package amqpwire

// SASLCode is the outcome code of a SASL exchange.
type SASLCode uint8

// The SASL outcome codes (AMQP 1.0 part 5.3.3.6).
const (
	SASLCodeOK      SASLCode = 0 // authentication succeeded
	SASLCodeAuth    SASLCode = 1 // the credentials were refused
	SASLCodeSys     SASLCode = 2 // a system error
	SASLCodeSysPerm SASLCode = 3 // a system error that will not go away
	SASLCodeSysTemp SASLCode = 4 // a transient system error
)

// SASLMechanisms lists the mechanisms the server offers.
type SASLMechanisms struct{ Mechanisms []Symbol }

// SASLInit selects a mechanism and carries its initial response.
type SASLInit struct {
	Mechanism       Symbol
	InitialResponse []byte
	Hostname        string
}

// SASLChallenge is a server challenge.
type SASLChallenge struct{ Challenge []byte }

// SASLResponse is a client response to a challenge.
type SASLResponse struct{ Response []byte }

// SASLOutcome ends the SASL exchange.
type SASLOutcome struct {
	Code           SASLCode
	AdditionalData []byte
}

func (p *SASLMechanisms) appendTo(b []byte) ([]byte, error) {
	w := beginFields(b, descSASLMechanisms)
	w.b = appendSymbols(w.b, p.Mechanisms)
	w.set()
	return w.end()
}

func (d *decoder) readSASLMechanisms() *SASLMechanisms {
	p := &SASLMechanisms{}
	f := d.fields("sasl-mechanisms")
	ok := f.next("sasl-server-mechanisms")
	if ok {
		p.Mechanisms = d.readSymbols()
	}
	f.mandatory("sasl-server-mechanisms", ok && len(p.Mechanisms) > 0)
	f.close()
	return p
}

func (p *SASLInit) appendTo(b []byte) ([]byte, error) {
	w := beginFields(b, descSASLInit)
	w.b = appendSymbol(w.b, p.Mechanism)
	w.set()
	w.bin(p.InitialResponse)
	w.str(p.Hostname)
	return w.end()
}

func (d *decoder) readSASLInit() *SASLInit {
	p := &SASLInit{}
	f := d.fields("sasl-init")
	var ok bool
	if f.next("mechanism") {
		p.Mechanism, ok = d.readSymbol()
	}
	f.mandatory("mechanism", ok)
	if f.next("initial-response") {
		p.InitialResponse, _ = d.readBinary()
	}
	if f.next("hostname") {
		p.Hostname, _ = d.readString()
	}
	f.close()
	return p
}

func (p *SASLChallenge) appendTo(b []byte) ([]byte, error) {
	return appendSASLBinary(b, descSASLChallenge, p.Challenge)
}

func (p *SASLResponse) appendTo(b []byte) ([]byte, error) {
	return appendSASLBinary(b, descSASLResponse, p.Response)
}

// appendSASLBinary encodes the one mandatory binary field of a challenge or
// response; nil is sent as empty binary.
func appendSASLBinary(b []byte, desc uint64, v []byte) ([]byte, error) {
	w := beginFields(b, desc)
	w.b = appendBinary(w.b, v)
	w.set()
	return w.end()
}

func (d *decoder) readSASLBinary(owner, field string) []byte {
	f := d.fields(owner)
	var v []byte
	var ok bool
	if f.next(field) {
		v, ok = d.readBinary()
	}
	f.mandatory(field, ok)
	f.close()
	return v
}

func (p *SASLOutcome) appendTo(b []byte) ([]byte, error) {
	w := beginFields(b, descSASLOutcome)
	w.b = appendUbyte(w.b, uint8(p.Code))
	w.set()
	w.bin(p.AdditionalData)
	return w.end()
}

func (d *decoder) readSASLOutcome() *SASLOutcome {
	p := &SASLOutcome{}
	f := d.fields("sasl-outcome")
	var ok bool
	if f.next("code") {
		var c uint8
		c, ok = d.readUbyte()
		p.Code = SASLCode(c)
	}
	f.mandatory("code", ok)
	if f.next("additional-data") {
		p.AdditionalData, _ = d.readBinary()
	}
	f.close()
	return p
}

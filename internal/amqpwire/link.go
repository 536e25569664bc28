package amqpwire

// Attach attaches a link to a session (AMQP 1.0 part 2.7.3).
type Attach struct {
	Name                 string
	Handle               uint32
	Role                 Role
	SndSettleMode        SenderSettleMode   // default mixed
	RcvSettleMode        ReceiverSettleMode // default first
	Source               *Source
	Target               *Target
	Unsettled            Map
	IncompleteUnsettled  bool
	InitialDeliveryCount Optional[uint32] // mandatory when Role is RoleSender
	MaxMessageSize       uint64           // 0 means no limit
	OfferedCapabilities  []Symbol
	DesiredCapabilities  []Symbol
	Properties           Map
}

// Detach detaches a link; Closed also closes it (AMQP 1.0 part 2.7.7).
type Detach struct {
	Handle uint32
	Closed bool
	Error  *Error
}

func (p *Attach) appendTo(b []byte) ([]byte, error) {
	w := beginFields(b, descAttach)
	w.b = appendString(w.b, p.Name)
	w.set()
	w.uint(p.Handle)
	w.boolean(bool(p.Role))
	w.ubyteDef(uint8(p.SndSettleMode), uint8(SenderSettleModeMixed))
	w.ubyteDef(uint8(p.RcvSettleMode), uint8(ReceiverSettleModeFirst))
	if p.Source != nil {
		w.put(appendSource(w.b, p.Source))
	} else {
		w.null()
	}
	if p.Target != nil {
		w.put(appendTarget(w.b, p.Target))
	} else {
		w.null()
	}
	w.mapv(p.Unsettled)
	w.flag(p.IncompleteUnsettled)
	w.optUint(p.InitialDeliveryCount)
	if p.MaxMessageSize != 0 {
		w.ulong(p.MaxMessageSize)
	} else {
		w.null()
	}
	w.syms(p.OfferedCapabilities)
	w.syms(p.DesiredCapabilities)
	w.mapv(p.Properties)
	return w.end()
}

func (d *decoder) readAttach() *Attach {
	p := &Attach{SndSettleMode: SenderSettleModeMixed}
	f := d.fields("attach")
	var ok1, ok2, ok3 bool
	if f.next("name") {
		p.Name, ok1 = d.readString()
	}
	f.mandatory("name", ok1)
	if f.next("handle") {
		p.Handle, ok2 = d.readUint()
	}
	f.mandatory("handle", ok2)
	if f.next("role") {
		var r bool
		r, ok3 = d.readBool()
		p.Role = Role(r)
	}
	f.mandatory("role", ok3)
	d.readAttachModes(&f, p)
	if f.next("source") {
		p.Source = d.readSource()
	}
	if f.next("target") {
		p.Target = d.readTarget()
	}
	d.readAttachTail(&f, p)
	f.close()
	return p
}

func (d *decoder) readAttachModes(f *fieldReader, p *Attach) {
	if f.next("snd-settle-mode") {
		if v, ok := d.readUbyte(); ok {
			if v > uint8(SenderSettleModeMixed) {
				d.fail("snd-settle-mode %d is not 0, 1 or 2", v)
			}
			p.SndSettleMode = SenderSettleMode(v)
		}
	}
	if f.next("rcv-settle-mode") {
		if v, ok := d.readUbyte(); ok {
			if v > uint8(ReceiverSettleModeSecond) {
				d.fail("rcv-settle-mode %d is not 0 or 1", v)
			}
			p.RcvSettleMode = ReceiverSettleMode(v)
		}
	}
}

func (d *decoder) readAttachTail(f *fieldReader, p *Attach) {
	if f.next("unsettled") {
		p.Unsettled = d.readMap()
	}
	if f.next("incomplete-unsettled") {
		p.IncompleteUnsettled, _ = d.readBool()
	}
	if f.next("initial-delivery-count") {
		p.InitialDeliveryCount = d.readOptUint()
	}
	if f.next("max-message-size") {
		p.MaxMessageSize, _ = d.readUlong()
	}
	d.readCapabilities(f, &p.OfferedCapabilities, &p.DesiredCapabilities, &p.Properties)
}

func (p *Detach) appendTo(b []byte) ([]byte, error) {
	w := beginFields(b, descDetach)
	w.uint(p.Handle)
	w.flag(p.Closed)
	w.error(p.Error)
	return w.end()
}

func (d *decoder) readDetach() *Detach {
	p := &Detach{}
	f := d.fields("detach")
	var ok bool
	if f.next("handle") {
		p.Handle, ok = d.readUint()
	}
	f.mandatory("handle", ok)
	if f.next("closed") {
		p.Closed, _ = d.readBool()
	}
	if f.next("error") {
		p.Error = d.readError()
	}
	f.close()
	return p
}

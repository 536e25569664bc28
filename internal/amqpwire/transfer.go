package amqpwire

// Transfer carries (part of) a delivery (AMQP 1.0 part 2.7.5). Payload is not a
// field: it is the message bytes that follow the performative in the frame.
type Transfer struct {
	Handle        uint32
	DeliveryID    Optional[uint32]
	DeliveryTag   []byte // nil when absent (continuation frames)
	MessageFormat Optional[uint32]
	Settled       bool
	More          bool
	RcvSettleMode Optional[ReceiverSettleMode]
	State         DeliveryState
	Resume        bool
	Aborted       bool
	Batchable     bool
	Payload       []byte
}

// Disposition reports delivery state for a range of delivery ids (AMQP 1.0 part
// 2.7.6).
type Disposition struct {
	Role      Role
	First     uint32
	Last      Optional[uint32] // absent means First
	Settled   bool
	State     DeliveryState
	Batchable bool
}

func (p *Transfer) appendTo(b []byte) ([]byte, error) {
	w := beginFields(b, descTransfer)
	w.uint(p.Handle)
	w.optUint(p.DeliveryID)
	w.bin(p.DeliveryTag)
	w.optUint(p.MessageFormat)
	w.flag(p.Settled)
	w.flag(p.More)
	if p.RcvSettleMode.Set {
		w.b = appendUbyte(w.b, uint8(p.RcvSettleMode.Value))
		w.set()
	} else {
		w.null()
	}
	w.state(p.State)
	w.flag(p.Resume)
	w.flag(p.Aborted)
	w.flag(p.Batchable)
	return w.end()
}

func (d *decoder) readTransfer() *Transfer {
	p := &Transfer{}
	f := d.fields("transfer")
	var ok bool
	if f.next("handle") {
		p.Handle, ok = d.readUint()
	}
	f.mandatory("handle", ok)
	if f.next("delivery-id") {
		p.DeliveryID = d.readOptUint()
	}
	if f.next("delivery-tag") {
		p.DeliveryTag, _ = d.readBinary()
	}
	if f.next("message-format") {
		p.MessageFormat = d.readOptUint()
	}
	if f.next("settled") {
		p.Settled, _ = d.readBool()
	}
	if f.next("more") {
		p.More, _ = d.readBool()
	}
	d.readTransferTail(&f, p)
	f.close()
	return p
}

func (d *decoder) readTransferTail(f *fieldReader, p *Transfer) {
	if f.next("rcv-settle-mode") {
		if v, ok := d.readUbyte(); ok {
			if v > uint8(ReceiverSettleModeSecond) {
				d.fail("rcv-settle-mode %d is not 0 or 1", v)
			}
			p.RcvSettleMode = Some(ReceiverSettleMode(v))
		}
	}
	if f.next("state") {
		p.State = d.readState()
	}
	if f.next("resume") {
		p.Resume, _ = d.readBool()
	}
	if f.next("aborted") {
		p.Aborted, _ = d.readBool()
	}
	if f.next("batchable") {
		p.Batchable, _ = d.readBool()
	}
}

func (p *Disposition) appendTo(b []byte) ([]byte, error) {
	w := beginFields(b, descDisposition)
	w.boolean(bool(p.Role))
	w.uint(p.First)
	w.optUint(p.Last)
	w.flag(p.Settled)
	w.state(p.State)
	w.flag(p.Batchable)
	return w.end()
}

func (d *decoder) readDisposition() *Disposition {
	p := &Disposition{}
	f := d.fields("disposition")
	var ok1, ok2 bool
	if f.next("role") {
		var r bool
		r, ok1 = d.readBool()
		p.Role = Role(r)
	}
	f.mandatory("role", ok1)
	if f.next("first") {
		p.First, ok2 = d.readUint()
	}
	f.mandatory("first", ok2)
	if f.next("last") {
		p.Last = d.readOptUint()
	}
	if f.next("settled") {
		p.Settled, _ = d.readBool()
	}
	if f.next("state") {
		p.State = d.readState()
	}
	if f.next("batchable") {
		p.Batchable, _ = d.readBool()
	}
	f.close()
	return p
}

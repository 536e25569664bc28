package amqpwire

// Flow updates session and link flow-control state (AMQP 1.0 part 2.7.4).
type Flow struct {
	NextIncomingID Optional[uint32]
	IncomingWindow uint32
	NextOutgoingID uint32
	OutgoingWindow uint32
	Handle         Optional[uint32]
	DeliveryCount  Optional[uint32]
	LinkCredit     Optional[uint32]
	Available      Optional[uint32]
	Drain          bool
	Echo           bool
	Properties     Map
}

func (p *Flow) appendTo(b []byte) ([]byte, error) {
	w := beginFields(b, descFlow)
	w.optUint(p.NextIncomingID)
	w.uint(p.IncomingWindow)
	w.uint(p.NextOutgoingID)
	w.uint(p.OutgoingWindow)
	w.optUint(p.Handle)
	w.optUint(p.DeliveryCount)
	w.optUint(p.LinkCredit)
	w.optUint(p.Available)
	w.flag(p.Drain)
	w.flag(p.Echo)
	w.mapv(p.Properties)
	return w.end()
}

func (d *decoder) readFlow() *Flow {
	p := &Flow{}
	f := d.fields("flow")
	if f.next("next-incoming-id") {
		p.NextIncomingID = d.readOptUint()
	}
	var ok1, ok2, ok3 bool
	if f.next("incoming-window") {
		p.IncomingWindow, ok1 = d.readUint()
	}
	f.mandatory("incoming-window", ok1)
	if f.next("next-outgoing-id") {
		p.NextOutgoingID, ok2 = d.readUint()
	}
	f.mandatory("next-outgoing-id", ok2)
	if f.next("outgoing-window") {
		p.OutgoingWindow, ok3 = d.readUint()
	}
	f.mandatory("outgoing-window", ok3)
	d.readFlowLink(&f, p)
	f.close()
	return p
}

func (d *decoder) readFlowLink(f *fieldReader, p *Flow) {
	if f.next("handle") {
		p.Handle = d.readOptUint()
	}
	if f.next("delivery-count") {
		p.DeliveryCount = d.readOptUint()
	}
	if f.next("link-credit") {
		p.LinkCredit = d.readOptUint()
	}
	if f.next("available") {
		p.Available = d.readOptUint()
	}
	if f.next("drain") {
		p.Drain, _ = d.readBool()
	}
	if f.next("echo") {
		p.Echo, _ = d.readBool()
	}
	if f.next("properties") {
		p.Properties = d.readMap()
	}
}

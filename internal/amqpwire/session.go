package amqpwire

import "math"

// Begin starts a session (AMQP 1.0 part 2.7.2).
type Begin struct {
	RemoteChannel       Optional[uint16]
	NextOutgoingID      uint32
	IncomingWindow      uint32
	OutgoingWindow      uint32
	HandleMax           uint32 // default 4294967295
	OfferedCapabilities []Symbol
	DesiredCapabilities []Symbol
	Properties          Map
}

// End ends a session, with an error when it was not a clean end.
type End struct{ Error *Error }

func (p *Begin) appendTo(b []byte) ([]byte, error) {
	w := beginFields(b, descBegin)
	if p.RemoteChannel.Set {
		w.b = appendUshort(w.b, p.RemoteChannel.Value)
		w.set()
	} else {
		w.null()
	}
	w.uint(p.NextOutgoingID)
	w.uint(p.IncomingWindow)
	w.uint(p.OutgoingWindow)
	w.uintDef(p.HandleMax, math.MaxUint32)
	w.syms(p.OfferedCapabilities)
	w.syms(p.DesiredCapabilities)
	w.mapv(p.Properties)
	return w.end()
}

func (d *decoder) readBegin() *Begin {
	p := &Begin{HandleMax: math.MaxUint32}
	f := d.fields("begin")
	if f.next("remote-channel") {
		v, ok := d.readUshort()
		p.RemoteChannel = Optional[uint16]{Value: v, Set: ok}
	}
	var ok1, ok2, ok3 bool
	if f.next("next-outgoing-id") {
		p.NextOutgoingID, ok1 = d.readUint()
	}
	f.mandatory("next-outgoing-id", ok1)
	if f.next("incoming-window") {
		p.IncomingWindow, ok2 = d.readUint()
	}
	f.mandatory("incoming-window", ok2)
	if f.next("outgoing-window") {
		p.OutgoingWindow, ok3 = d.readUint()
	}
	f.mandatory("outgoing-window", ok3)
	if f.next("handle-max") {
		if v, ok := d.readUint(); ok {
			p.HandleMax = v
		}
	}
	d.readCapabilities(&f, &p.OfferedCapabilities, &p.DesiredCapabilities, &p.Properties)
	f.close()
	return p
}

func (p *End) appendTo(b []byte) ([]byte, error) {
	w := beginFields(b, descEnd)
	w.error(p.Error)
	return w.end()
}

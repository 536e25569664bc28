package amqpwire

import "math"

// Open negotiates connection parameters (AMQP 1.0 part 2.7.1).
type Open struct {
	ContainerID         string
	Hostname            string
	MaxFrameSize        uint32 // default 4294967295
	ChannelMax          uint16 // default 65535
	IdleTimeout         uint32 // milliseconds; 0 means none
	OutgoingLocales     []Symbol
	IncomingLocales     []Symbol
	OfferedCapabilities []Symbol
	DesiredCapabilities []Symbol
	Properties          Map
}

// Close closes a connection, with an error when it was not a clean close.
type Close struct{ Error *Error }

func (p *Open) appendTo(b []byte) ([]byte, error) {
	w := beginFields(b, descOpen)
	w.b = appendString(w.b, p.ContainerID)
	w.set()
	w.str(p.Hostname)
	w.uintDef(p.MaxFrameSize, math.MaxUint32)
	w.ushortDef(p.ChannelMax, math.MaxUint16)
	w.uintDef(p.IdleTimeout, 0)
	w.syms(p.OutgoingLocales)
	w.syms(p.IncomingLocales)
	w.syms(p.OfferedCapabilities)
	w.syms(p.DesiredCapabilities)
	w.mapv(p.Properties)
	return w.end()
}

func (d *decoder) readOpen() *Open {
	p := &Open{MaxFrameSize: math.MaxUint32, ChannelMax: math.MaxUint16}
	f := d.fields("open")
	var ok bool
	if f.next("container-id") {
		p.ContainerID, ok = d.readString()
	}
	f.mandatory("container-id", ok)
	if f.next("hostname") {
		p.Hostname, _ = d.readString()
	}
	if f.next("max-frame-size") {
		if v, ok := d.readUint(); ok {
			p.MaxFrameSize = v
		}
	}
	if f.next("channel-max") {
		if v, ok := d.readUshort(); ok {
			p.ChannelMax = v
		}
	}
	if f.next("idle-time-out") {
		p.IdleTimeout, _ = d.readUint()
	}
	d.readOpenTail(&f, p)
	f.close()
	return p
}

func (d *decoder) readOpenTail(f *fieldReader, p *Open) {
	if f.next("outgoing-locales") {
		p.OutgoingLocales = d.readSymbols()
	}
	if f.next("incoming-locales") {
		p.IncomingLocales = d.readSymbols()
	}
	d.readCapabilities(f, &p.OfferedCapabilities, &p.DesiredCapabilities, &p.Properties)
}

func (p *Close) appendTo(b []byte) ([]byte, error) {
	w := beginFields(b, descClose)
	w.error(p.Error)
	return w.end()
}

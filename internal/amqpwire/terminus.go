package amqpwire

// Source is the source terminus of a link: where its messages come from.
type Source struct {
	Address               string
	Durable               uint32 // terminus-durability: 0 none, 1 configuration, 2 unsettled-state
	ExpiryPolicy          Symbol // "" means the default, session-end
	Timeout               uint32 // seconds
	Dynamic               bool
	DynamicNodeProperties Map
	DistributionMode      Symbol
	Filter                Map
	DefaultOutcome        DeliveryState
	Outcomes              []Symbol
	Capabilities          []Symbol
}

// Target is the target terminus of a link: where its messages go.
type Target struct {
	Address               string
	Durable               uint32
	ExpiryPolicy          Symbol
	Timeout               uint32
	Dynamic               bool
	DynamicNodeProperties Map
	Capabilities          []Symbol
}

func appendSource(b []byte, s *Source) ([]byte, error) {
	if s == nil {
		return appendNull(b), nil
	}
	w := beginFields(b, descSource)
	w.str(s.Address)
	w.uintDef(s.Durable, 0)
	w.sym(s.ExpiryPolicy)
	w.uintDef(s.Timeout, 0)
	w.flag(s.Dynamic)
	w.mapv(s.DynamicNodeProperties)
	w.sym(s.DistributionMode)
	w.mapv(s.Filter)
	if s.DefaultOutcome != nil {
		w.put(s.DefaultOutcome.appendState(w.b))
	} else {
		w.null()
	}
	w.syms(s.Outcomes)
	w.syms(s.Capabilities)
	return w.end()
}

func appendTarget(b []byte, t *Target) ([]byte, error) {
	if t == nil {
		return appendNull(b), nil
	}
	w := beginFields(b, descTarget)
	w.str(t.Address)
	w.uintDef(t.Durable, 0)
	w.sym(t.ExpiryPolicy)
	w.uintDef(t.Timeout, 0)
	w.flag(t.Dynamic)
	w.mapv(t.DynamicNodeProperties)
	w.syms(t.Capabilities)
	return w.end()
}

// readAddress accepts a string or a symbol address.
func (d *decoder) readAddress() string {
	b, _ := d.readVariable("an address", codeStr8, codeStr32, codeSym8, codeSym32)
	return string(b)
}

// readTerminusHead reads the fields Source and Target share.
func (d *decoder) readTerminusHead(f *fieldReader, addr *string, durable *uint32, expiry *Symbol, timeout *uint32, dynamic *bool) {
	if f.next("address") {
		*addr = d.readAddress()
	}
	if f.next("durable") {
		*durable, _ = d.readUint()
	}
	if f.next("expiry-policy") {
		*expiry, _ = d.readSymbol()
	}
	if f.next("timeout") {
		*timeout, _ = d.readUint()
	}
	if f.next("dynamic") {
		*dynamic, _ = d.readBool()
	}
}

func (d *decoder) readSource() *Source {
	code, ok := d.readDescribed()
	if !ok {
		return nil
	}
	if code != descSource {
		d.fail("expected a source (0x28), got descriptor 0x%x", code)
		return nil
	}
	s := &Source{}
	f := d.fields("source")
	d.readTerminusHead(&f, &s.Address, &s.Durable, &s.ExpiryPolicy, &s.Timeout, &s.Dynamic)
	if f.next("dynamic-node-properties") {
		s.DynamicNodeProperties = d.readMap()
	}
	if f.next("distribution-mode") {
		s.DistributionMode, _ = d.readSymbol()
	}
	if f.next("filter") {
		s.Filter = d.readMap()
	}
	if f.next("default-outcome") {
		s.DefaultOutcome = d.readState()
	}
	if f.next("outcomes") {
		s.Outcomes = d.readSymbols()
	}
	if f.next("capabilities") {
		s.Capabilities = d.readSymbols()
	}
	f.close()
	return s
}

func (d *decoder) readTarget() *Target {
	code, ok := d.readDescribed()
	if !ok {
		return nil
	}
	if code != descTarget {
		d.fail("expected a target (0x29), got descriptor 0x%x", code)
		return nil
	}
	t := &Target{}
	f := d.fields("target")
	d.readTerminusHead(&f, &t.Address, &t.Durable, &t.ExpiryPolicy, &t.Timeout, &t.Dynamic)
	if f.next("dynamic-node-properties") {
		t.DynamicNodeProperties = d.readMap()
	}
	if f.next("capabilities") {
		t.Capabilities = d.readSymbols()
	}
	f.close()
	return t
}

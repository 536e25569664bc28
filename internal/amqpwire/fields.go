package amqpwire

import "math"

// fieldReader walks the fields of a described list. Fields beyond the list's
// count read as absent; fields this package does not know are skipped.
type fieldReader struct {
	d        *decoder
	n, i     int
	outerEnd int
	owner    string
	prev     string
}

// fields reads a list header (null reads as an empty list).
func (d *decoder) fields(owner string) fieldReader {
	f := fieldReader{d: d, prev: d.owner}
	d.owner, d.field = owner, ""
	code := d.u8()
	switch code {
	case codeList0, codeNull:
		f.outerEnd = -1
	case codeList8, codeList32:
		f.n, f.outerEnd, _ = d.compound(code == codeList32, "list")
	default:
		d.fail("expected a list, got constructor 0x%02x", code)
		f.outerEnd = -1
	}
	return f
}

// next moves to the named field and reports whether it is in the list.
func (f *fieldReader) next(name string) bool {
	if f.i >= f.n || f.d.err != nil {
		return false
	}
	f.d.field = name
	f.i++
	return true
}

// close skips unknown trailing fields and restores the decoder's bounds.
func (f *fieldReader) close() {
	d := f.d
	for ; f.i < f.n && d.err == nil; f.i++ {
		d.field = "extension field"
		d.value()
	}
	if f.outerEnd >= 0 {
		d.closeCompound(f.outerEnd, "list")
	}
	d.owner = f.prev
}

// mandatory records an error when a mandatory field is null or missing.
func (f *fieldReader) mandatory(name string, present bool) {
	if !present && f.d.err == nil {
		f.d.field = name
		f.d.fail("mandatory field is missing")
	}
}

// constructor reads a constructor code; ok is false for null.
func (d *decoder) constructor() (byte, bool) {
	code := d.u8()
	return code, d.err == nil && code != codeNull
}

func (d *decoder) wrongType(want string, code byte) {
	d.fail("expected %s, got constructor 0x%02x", want, code)
}

func (d *decoder) readUlong() (uint64, bool) {
	code, ok := d.constructor()
	if !ok {
		return 0, false
	}
	v, ok := d.unsigned(code)
	if !ok {
		d.wrongType("an unsigned integer", code)
	}
	return v, ok && d.err == nil
}

// readUnsigned reads any unsigned encoding and checks it against max.
func (d *decoder) readUnsigned(max uint64) (uint64, bool) {
	v, ok := d.readUlong()
	if ok && v > max {
		d.fail("value %d exceeds %d", v, max)
		return 0, false
	}
	return v, ok
}

func (d *decoder) readUint() (uint32, bool) {
	v, ok := d.readUnsigned(math.MaxUint32)
	return uint32(v), ok
}

func (d *decoder) readUshort() (uint16, bool) {
	v, ok := d.readUnsigned(math.MaxUint16)
	return uint16(v), ok
}

func (d *decoder) readUbyte() (uint8, bool) {
	v, ok := d.readUnsigned(math.MaxUint8)
	return uint8(v), ok
}

func (d *decoder) readOptUint() Optional[uint32] {
	v, ok := d.readUint()
	return Optional[uint32]{Value: v, Set: ok}
}

func (d *decoder) readBool() (bool, bool) {
	code, ok := d.constructor()
	if !ok {
		return false, false
	}
	switch code {
	case codeBoolTrue:
		return true, true
	case codeBoolFalse:
		return false, true
	case codeBool:
		return d.boolByte(), d.err == nil
	}
	d.wrongType("a boolean", code)
	return false, false
}

// readVariable reads binary, string or symbol bytes; which codes are accepted
// is up to the caller.
func (d *decoder) readVariable(want string, codes ...byte) ([]byte, bool) {
	code, ok := d.constructor()
	if !ok {
		return nil, false
	}
	for i, c := range codes {
		if c == code {
			return d.sized(i%2 == 1), d.err == nil
		}
	}
	d.wrongType(want, code)
	return nil, false
}

func (d *decoder) readString() (string, bool) {
	b, ok := d.readVariable("a string", codeStr8, codeStr32)
	return string(b), ok
}

// readSymbol accepts a symbol, or a string from a lenient peer.
func (d *decoder) readSymbol() (Symbol, bool) {
	b, ok := d.readVariable("a symbol", codeSym8, codeSym32, codeStr8, codeStr32)
	return Symbol(b), ok
}

func (d *decoder) readBinary() ([]byte, bool) {
	return d.readVariable("binary", codeVbin8, codeVbin32)
}

// readSymbols reads a multiple symbol field: null, one symbol or an array.
func (d *decoder) readSymbols() []Symbol {
	code, ok := d.peek()
	if !ok {
		d.u8()
		return nil
	}
	if code != codeArray8 && code != codeArray32 {
		s, ok := d.readSymbol()
		if !ok {
			return nil
		}
		return []Symbol{s}
	}
	return d.symbolArray()
}

func (d *decoder) symbolArray() []Symbol {
	v := d.value()
	a, _ := v.(Array)
	syms := make([]Symbol, 0, len(a))
	for _, e := range a {
		s, ok := e.(Symbol)
		if !ok {
			d.fail("expected an array of symbols, got an element of type %T", e)
			return nil
		}
		syms = append(syms, s)
	}
	return syms
}

// readMap reads a map or null.
func (d *decoder) readMap() Map {
	code, ok := d.peek()
	if !ok {
		d.u8()
		return nil
	}
	if code == codeNull {
		d.u8()
		return nil
	}
	if code != codeMap8 && code != codeMap32 {
		d.u8()
		d.wrongType("a map", code)
		return nil
	}
	m, _ := d.value().(Map)
	return m
}

// readDescribed reads the constructor and descriptor of a described value.
// ok is false for null.
func (d *decoder) readDescribed() (uint64, bool) {
	code, ok := d.constructor()
	if !ok {
		return 0, false
	}
	if code != codeDescribed {
		d.wrongType("a described value", code)
		return 0, false
	}
	return d.descriptorCode(), d.err == nil
}

// emptyFields reads the list of a type without fields, skipping any
// extension fields.
func (d *decoder) emptyFields(owner string) {
	f := d.fields(owner)
	f.close()
}

// readCapabilities reads the three fields that end open, begin and attach.
func (d *decoder) readCapabilities(f *fieldReader, offered, desired *[]Symbol, props *Map) {
	if f.next("offered-capabilities") {
		*offered = d.readSymbols()
	}
	if f.next("desired-capabilities") {
		*desired = d.readSymbols()
	}
	if f.next("properties") {
		*props = d.readMap()
	}
}

package amqpwire

// DecodeValue decodes the value at the start of b. It returns the value, the number
// of bytes it used, and a *DecodeError for malformed input. Binary values alias b.
func DecodeValue(b []byte) (any, int, error) {
	d := newDecoder(b)
	v := d.value()
	if d.err != nil {
		return nil, 0, d.err
	}
	return v, d.off, nil
}

// value decodes one value, described or not.
func (d *decoder) value() any {
	code := d.u8()
	if d.err != nil {
		return nil
	}
	if code == codeDescribed {
		return d.described()
	}
	return d.body(code)
}

func (d *decoder) enter() bool {
	if d.depth >= maxDepth {
		d.fail("values nested deeper than %d levels", maxDepth)
		return false
	}
	d.depth++
	return true
}

func (d *decoder) leave() { d.depth-- }

func (d *decoder) described() any {
	if !d.enter() {
		return nil
	}
	defer d.leave()
	desc := d.descriptor()
	v := d.value()
	if d.err != nil {
		return nil
	}
	return Described{Descriptor: desc, Value: v}
}

// descriptor reads a descriptor: a ulong or a symbol.
func (d *decoder) descriptor() any {
	code := d.u8()
	switch code {
	case codeUlong0, codeSmallUlong, codeUlong:
		v, _ := d.unsigned(code)
		return v
	case codeSym8, codeSym32:
		return Symbol(d.sized(code == codeSym32))
	}
	d.fail("descriptor must be a ulong or a symbol, got constructor 0x%02x", code)
	return nil
}

// body decodes the value that follows the constructor code.
func (d *decoder) body(code byte) any {
	if v, ok := d.fixedBody(code); ok {
		return v
	}
	switch code {
	case codeVbin8, codeVbin32:
		return d.sized(code == codeVbin32)
	case codeStr8, codeStr32:
		return string(d.sized(code == codeStr32))
	case codeSym8, codeSym32:
		return Symbol(d.sized(code == codeSym32))
	case codeList0:
		return []any{}
	case codeList8, codeList32:
		return d.list(code == codeList32)
	case codeMap8, codeMap32:
		return d.mapValue(code == codeMap32)
	case codeArray8, codeArray32:
		return d.array(code == codeArray32)
	case codeDecimal32, codeDecimal64, codeDecimal128:
		d.fail("decimal values (constructor 0x%02x) are not supported", code)
		return nil
	}
	d.fail("unknown constructor 0x%02x", code)
	return nil
}

// fixedBody decodes the fixed-width and zero-width types.
func (d *decoder) fixedBody(code byte) (any, bool) {
	switch code {
	case codeNull:
		return nil, true
	case codeBoolTrue:
		return true, true
	case codeBoolFalse:
		return false, true
	case codeBool:
		return d.boolByte(), true
	case codeUbyte:
		return d.u8(), true
	case codeUshort:
		return d.u16(), true
	case codeUint0, codeSmallUint, codeUint:
		v, _ := d.unsigned(code)
		return uint32(v), true
	case codeUlong0, codeSmallUlong, codeUlong:
		v, _ := d.unsigned(code)
		return v, true
	}
	return d.signedOrOther(code)
}

func (d *decoder) signedOrOther(code byte) (any, bool) {
	switch code {
	case codeByte:
		return int8(d.u8()), true
	case codeShort:
		return int16(d.u16()), true
	case codeSmallInt, codeInt:
		v, _ := d.signed(code)
		return int32(v), true
	case codeSmallLong, codeLong:
		v, _ := d.signed(code)
		return v, true
	case codeFloat:
		return d.float32(), true
	case codeDouble:
		return d.float64(), true
	case codeChar:
		return Char(d.u32()), true
	case codeTimestamp:
		return d.timestamp(), true
	case codeUUID:
		var u UUID
		copy(u[:], d.next(16))
		return u, true
	}
	return nil, false
}

func (d *decoder) boolByte() bool {
	switch b := d.u8(); b {
	case 0:
		return false
	case 1:
		return true
	default:
		d.fail("boolean byte must be 0 or 1, got %d", b)
		return false
	}
}

package amqpwire

import (
	"encoding/binary"
	"math"
	"time"
)

// decoder reads AMQP values from b[off:end]. Its error is sticky: after the first
// failure every read returns a zero value, so composite decoders read their fields
// in sequence and check the error once.
type decoder struct {
	b     []byte
	off   int
	end   int
	depth int
	err   *DecodeError
	// field names the composite field being read, for error messages.
	owner, field string
}

func newDecoder(b []byte) *decoder { return &decoder{b: b, end: len(b)} }

// fail records the first error at the current offset.
func (d *decoder) fail(format string, args ...any) {
	if d.err != nil {
		return
	}
	d.err = decodeErrorf(d.off, format, args...)
	switch {
	case d.owner != "" && d.field != "":
		d.err.Field = d.owner + "." + d.field
	case d.owner != "":
		d.err.Field = d.owner
	}
}

func (d *decoder) remaining() int { return d.end - d.off }

// next returns the next n bytes, or nil after recording an error.
func (d *decoder) next(n int) []byte {
	if d.err != nil {
		return nil
	}
	if n < 0 || d.remaining() < n {
		d.fail("need %d bytes, %d left", n, d.remaining())
		return nil
	}
	s := d.b[d.off : d.off+n : d.off+n]
	d.off += n
	return s
}

func (d *decoder) u8() uint8 {
	if d.err != nil {
		return 0
	}
	if d.off >= d.end {
		d.fail("unexpected end of data")
		return 0
	}
	v := d.b[d.off]
	d.off++
	return v
}

func (d *decoder) u16() uint16 {
	if s := d.next(2); s != nil {
		return binary.BigEndian.Uint16(s)
	}
	return 0
}

func (d *decoder) u32() uint32 {
	if s := d.next(4); s != nil {
		return binary.BigEndian.Uint32(s)
	}
	return 0
}

func (d *decoder) u64() uint64 {
	if s := d.next(8); s != nil {
		return binary.BigEndian.Uint64(s)
	}
	return 0
}

// peek returns the next constructor byte without consuming it.
func (d *decoder) peek() (byte, bool) {
	if d.err != nil || d.off >= d.end {
		return 0, false
	}
	return d.b[d.off], true
}

// sized reads the size prefix of a variable-width value (1 byte for the *8
// codes, 4 bytes for the *32 codes) and returns the bytes that follow.
func (d *decoder) sized(wide bool) []byte {
	var n uint32
	if wide {
		n = d.u32()
	} else {
		n = uint32(d.u8())
	}
	if d.err != nil {
		return nil
	}
	if uint64(n) > uint64(d.remaining()) {
		d.fail("value of %d bytes, %d left", n, d.remaining())
		return nil
	}
	return d.next(int(n))
}

// unsigned decodes the body of any unsigned integer code.
func (d *decoder) unsigned(code byte) (uint64, bool) {
	switch code {
	case codeUint0, codeUlong0:
		return 0, true
	case codeUbyte, codeSmallUint, codeSmallUlong:
		return uint64(d.u8()), true
	case codeUshort:
		return uint64(d.u16()), true
	case codeUint:
		return uint64(d.u32()), true
	case codeUlong:
		return d.u64(), true
	}
	return 0, false
}

// signed decodes the body of any signed integer code.
func (d *decoder) signed(code byte) (int64, bool) {
	switch code {
	case codeByte, codeSmallInt, codeSmallLong:
		return int64(int8(d.u8())), true
	case codeShort:
		return int64(int16(d.u16())), true
	case codeInt:
		return int64(int32(d.u32())), true
	case codeLong:
		return int64(d.u64()), true
	}
	return 0, false
}

func (d *decoder) timestamp() time.Time {
	return time.UnixMilli(int64(d.u64())).UTC()
}

func (d *decoder) float32() float32 { return math.Float32frombits(d.u32()) }
func (d *decoder) float64() float64 { return math.Float64frombits(d.u64()) }

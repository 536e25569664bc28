package amqpwire

import (
	"encoding/binary"
	"math"
	"time"
)

// The append* functions encode one value with its most compact constructor.

func appendNull(b []byte) []byte { return append(b, codeNull) }

func appendBool(b []byte, v bool) []byte {
	if v {
		return append(b, codeBoolTrue)
	}
	return append(b, codeBoolFalse)
}

func appendUbyte(b []byte, v uint8) []byte { return append(b, codeUbyte, v) }
func appendUshort(b []byte, v uint16) []byte {
	return binary.BigEndian.AppendUint16(append(b, codeUshort), v)
}
func appendByte(b []byte, v int8) []byte { return append(b, codeByte, byte(v)) }
func appendShort(b []byte, v int16) []byte {
	return binary.BigEndian.AppendUint16(append(b, codeShort), uint16(v))
}

func appendUint(b []byte, v uint32) []byte {
	switch {
	case v == 0:
		return append(b, codeUint0)
	case v < 256:
		return append(b, codeSmallUint, byte(v))
	}
	return binary.BigEndian.AppendUint32(append(b, codeUint), v)
}

func appendUlong(b []byte, v uint64) []byte {
	switch {
	case v == 0:
		return append(b, codeUlong0)
	case v < 256:
		return append(b, codeSmallUlong, byte(v))
	}
	return binary.BigEndian.AppendUint64(append(b, codeUlong), v)
}

func appendInt(b []byte, v int32) []byte {
	if v >= -128 && v <= 127 {
		return append(b, codeSmallInt, byte(int8(v)))
	}
	return binary.BigEndian.AppendUint32(append(b, codeInt), uint32(v))
}

func appendLong(b []byte, v int64) []byte {
	if v >= -128 && v <= 127 {
		return append(b, codeSmallLong, byte(int8(v)))
	}
	return binary.BigEndian.AppendUint64(append(b, codeLong), uint64(v))
}

func appendFloat(b []byte, v float32) []byte {
	return binary.BigEndian.AppendUint32(append(b, codeFloat), math.Float32bits(v))
}

func appendDouble(b []byte, v float64) []byte {
	return binary.BigEndian.AppendUint64(append(b, codeDouble), math.Float64bits(v))
}

func appendChar(b []byte, v Char) []byte {
	return binary.BigEndian.AppendUint32(append(b, codeChar), uint32(v))
}

func appendTimestamp(b []byte, t time.Time) []byte {
	return binary.BigEndian.AppendUint64(append(b, codeTimestamp), uint64(t.UnixMilli()))
}

func appendUUID(b []byte, u UUID) []byte { return append(append(b, codeUUID), u[:]...) }

// appendVariable encodes binary, string or symbol data with the 8-bit or 32-bit
// size form, whichever fits.
func appendVariable(b []byte, code8, code32 byte, data string) []byte {
	if len(data) < 256 {
		return append(append(b, code8, byte(len(data))), data...)
	}
	b = binary.BigEndian.AppendUint32(append(b, code32), uint32(len(data)))
	return append(b, data...)
}

func appendBinary(b []byte, v []byte) []byte {
	if len(v) < 256 {
		return append(append(b, codeVbin8, byte(len(v))), v...)
	}
	b = binary.BigEndian.AppendUint32(append(b, codeVbin32), uint32(len(v)))
	return append(b, v...)
}

func appendString(b []byte, s string) []byte { return appendVariable(b, codeStr8, codeStr32, s) }
func appendSymbol(b []byte, s Symbol) []byte {
	return appendVariable(b, codeSym8, codeSym32, string(s))
}

// appendSymbols encodes a multiple-valued symbol field: null when empty,
// otherwise an array of symbols.
func appendSymbols(b []byte, syms []Symbol) []byte {
	if len(syms) == 0 {
		return appendNull(b)
	}
	code := byte(codeSym8)
	for _, s := range syms {
		if len(s) > 255 {
			code = codeSym32
		}
	}
	start := len(b)
	b = append(b, codeArray32, 0, 0, 0, 0)
	b = binary.BigEndian.AppendUint32(b, uint32(len(syms)))
	b = append(b, code)
	for _, s := range syms {
		b = appendSizedBody(b, code == codeSym32, string(s))
	}
	return compactCompound(b, start, codeArray8)
}

// appendSizedBody writes the size prefix and data of a variable-width value
// without its constructor.
func appendSizedBody(b []byte, wide bool, data string) []byte {
	if wide {
		b = binary.BigEndian.AppendUint32(b, uint32(len(data)))
	} else {
		b = append(b, byte(len(data)))
	}
	return append(b, data...)
}

// appendDescriptor writes the 0x00 constructor and a ulong descriptor.
func appendDescriptor(b []byte, code uint64) []byte {
	return appendUlong(append(b, codeDescribed), code)
}

// compactCompound rewrites the 32-bit list, map or array at b[start:] (written
// with a 9-byte header: code, size, count) in its 8-bit form when it fits.
func compactCompound(b []byte, start int, code8 byte) []byte {
	size := len(b) - start - 5
	count := binary.BigEndian.Uint32(b[start+5:])
	if size-4+1 <= 255 && count <= 255 {
		body := len(b) - start - 9
		b[start] = code8
		b[start+1] = byte(body + 1)
		b[start+2] = byte(count)
		copy(b[start+3:], b[start+9:])
		return b[:start+3+body]
	}
	binary.BigEndian.PutUint32(b[start+1:], uint32(size))
	return b
}

package amqpwire

import (
	"encoding/binary"
	"fmt"
	"math"
	"reflect"
	"time"
)

func appendArray(b []byte, a Array, depth int) ([]byte, error) {
	start := len(b)
	b = beginCompound(b, codeArray32, len(a))
	if len(a) == 0 {
		return compactCompound(append(b, codeNull), start, codeArray8), nil
	}
	elems := []any(a)
	if d, ok := a[0].(Described); ok {
		var err error
		if elems, err = describedValues(a, d.Descriptor); err != nil {
			return b[:start], err
		}
		if b, err = appendDescriptorValue(b, d.Descriptor); err != nil {
			return b[:start], err
		}
	}
	code, err := arrayCode(elems)
	if err != nil {
		return b[:start], err
	}
	b = append(b, code)
	for _, e := range elems {
		if b, err = appendBody(b, code, e, depth+1); err != nil {
			return b[:start], err
		}
	}
	return compactCompound(b, start, codeArray8), nil
}

// describedValues checks that every element has the descriptor desc and
// returns their values.
func describedValues(a Array, desc any) ([]any, error) {
	vals := make([]any, len(a))
	for i, e := range a {
		d, ok := e.(Described)
		if !ok || !keyEqual(d.Descriptor, desc) {
			return nil, fmt.Errorf("amqp encode: array element %d is not described by %v like element 0", i, desc)
		}
		vals[i] = d.Value
	}
	return vals, nil
}

// arrayCode chooses the one element constructor for all elements: the small
// form when every element fits it.
func arrayCode(elems []any) (byte, error) {
	t := reflect.TypeOf(elems[0])
	wide := false
	for i, e := range elems {
		if reflect.TypeOf(e) != t {
			return 0, fmt.Errorf("amqp encode: array element %d is %T, element 0 is %T", i, e, elems[0])
		}
		wide = wide || !fitsSmall(e)
	}
	code, ok := elementCode(elems[0], wide)
	if !ok {
		return 0, fmt.Errorf("amqp encode: cannot encode an array of %T", elems[0])
	}
	return code, nil
}

// fitsSmall reports whether v fits the one-byte form of its type.
func fitsSmall(v any) bool {
	switch v := v.(type) {
	case uint32:
		return v < 256
	case uint64:
		return v < 256
	case int32:
		return v >= math.MinInt8 && v <= math.MaxInt8
	case int64:
		return v >= math.MinInt8 && v <= math.MaxInt8
	case []byte:
		return len(v) < 256
	case string:
		return len(v) < 256
	case Symbol:
		return len(v) < 256
	}
	return true
}

// elementCode returns the array element constructor for v's type.
func elementCode(v any, wide bool) (byte, bool) {
	pick := func(small, large byte) byte {
		if wide {
			return large
		}
		return small
	}
	switch v.(type) {
	case bool:
		return codeBool, true
	case uint8:
		return codeUbyte, true
	case uint16:
		return codeUshort, true
	case uint32:
		return pick(codeSmallUint, codeUint), true
	case uint64:
		return pick(codeSmallUlong, codeUlong), true
	case int8:
		return codeByte, true
	case int16:
		return codeShort, true
	case int32:
		return pick(codeSmallInt, codeInt), true
	case int64:
		return pick(codeSmallLong, codeLong), true
	case []byte:
		return pick(codeVbin8, codeVbin32), true
	case string:
		return pick(codeStr8, codeStr32), true
	case Symbol:
		return pick(codeSym8, codeSym32), true
	}
	return otherElementCode(v)
}

func otherElementCode(v any) (byte, bool) {
	switch v.(type) {
	case float32:
		return codeFloat, true
	case float64:
		return codeDouble, true
	case Char:
		return codeChar, true
	case time.Time:
		return codeTimestamp, true
	case UUID:
		return codeUUID, true
	case []any:
		return codeList32, true
	case Map:
		return codeMap32, true
	case Array:
		return codeArray32, true
	}
	return 0, false
}

// appendBody writes v without its constructor, for the element constructor
// code chosen by arrayCode.
func appendBody(b []byte, code byte, v any, depth int) ([]byte, error) {
	switch code {
	case codeList32, codeMap32, codeArray32:
		return appendCompoundBody(b, v, depth)
	case codeVbin8, codeVbin32:
		return appendSizedBody(b, code == codeVbin32, string(v.([]byte))), nil
	case codeStr8, codeStr32:
		return appendSizedBody(b, code == codeStr32, v.(string)), nil
	case codeSym8, codeSym32:
		return appendSizedBody(b, code == codeSym32, string(v.(Symbol))), nil
	case codeBool:
		if v.(bool) {
			return append(b, 1), nil
		}
		return append(b, 0), nil
	case codeSmallUint, codeSmallUlong, codeSmallInt, codeSmallLong:
		return append(b, smallByte(v)), nil
	}
	return appendFixedBody(b, v), nil
}

// appendFixedBody writes the fixed-width body of v for its wide constructor.
func appendFixedBody(b []byte, v any) []byte {
	be := binary.BigEndian
	switch v := v.(type) {
	case uint8:
		return append(b, v)
	case uint16:
		return be.AppendUint16(b, v)
	case uint32:
		return be.AppendUint32(b, v)
	case uint64:
		return be.AppendUint64(b, v)
	case int8:
		return append(b, byte(v))
	case int16:
		return be.AppendUint16(b, uint16(v))
	case int32:
		return be.AppendUint32(b, uint32(v))
	case int64:
		return be.AppendUint64(b, uint64(v))
	case float32:
		return be.AppendUint32(b, math.Float32bits(v))
	case float64:
		return be.AppendUint64(b, math.Float64bits(v))
	case Char:
		return be.AppendUint32(b, uint32(v))
	case time.Time:
		return be.AppendUint64(b, uint64(v.UnixMilli()))
	case UUID:
		return append(b, v[:]...)
	}
	return b
}

func smallByte(v any) byte {
	switch v := v.(type) {
	case uint32:
		return byte(v)
	case uint64:
		return byte(v)
	case int32:
		return byte(int8(v))
	case int64:
		return byte(int8(v))
	}
	return 0
}

// appendCompoundBody writes a list, map or array in its 32-bit form without the
// constructor byte.
func appendCompoundBody(b []byte, v any, depth int) ([]byte, error) {
	start := len(b)
	var err error
	switch v := v.(type) {
	case []any:
		b = beginCompound(b, codeList32, len(v))
		for _, e := range v {
			if b, err = appendValue(b, e, depth+1); err != nil {
				return b, err
			}
		}
	case Map:
		b, err = appendMap(b, v, depth)
		b = expandCompound(b, start)
	case Array:
		b, err = appendArray(b, v, depth)
		b = expandCompound(b, start)
	}
	binary.BigEndian.PutUint32(b[start+1:], uint32(len(b)-start-5))
	copy(b[start:], b[start+1:])
	return b[:len(b)-1], err
}

// expandCompound turns a compacted 8-bit map or array at b[start:] back into
// its 32-bit form, as array elements must share one constructor.
func expandCompound(b []byte, start int) []byte {
	if b[start] != codeMap8 && b[start] != codeArray8 {
		return b
	}
	count := b[start+2]
	body := append([]byte(nil), b[start+3:]...)
	b = append(b[:start], b[start]+0x10, 0, 0, 0, 0, 0, 0, 0, count)
	return append(b, body...)
}

package amqpwire

import (
	"encoding/binary"
	"fmt"
	"time"
)

// AppendValue appends the most compact encoding of v (see the package comment for
// the Go type of each AMQP type). On error b is returned unchanged. Go int and uint
// are encoded as long and ulong.
func AppendValue(b []byte, v any) ([]byte, error) {
	start := len(b)
	out, err := appendValue(b, v, 0)
	if err != nil {
		return b[:start], err
	}
	return out, nil
}

func appendValue(b []byte, v any, depth int) ([]byte, error) {
	if depth > maxDepth {
		return b, fmt.Errorf("amqp encode: values nested deeper than %d levels", maxDepth)
	}
	if out, ok := appendScalar(b, v); ok {
		return out, nil
	}
	switch v := v.(type) {
	case []any:
		return appendList(b, v, depth)
	case Map:
		return appendMap(b, v, depth)
	case Array:
		return appendArray(b, v, depth)
	case []Symbol:
		return appendSymbols(b, v), nil
	case Described:
		b, err := appendDescriptorValue(b, v.Descriptor)
		if err != nil {
			return b, err
		}
		return appendValue(b, v.Value, depth+1)
	case *Error:
		return appendError(b, v)
	}
	return b, fmt.Errorf("amqp encode: cannot encode a value of type %T", v)
}

// appendScalar encodes the types that are not compound.
func appendScalar(b []byte, v any) ([]byte, bool) {
	switch v := v.(type) {
	case nil:
		return appendNull(b), true
	case bool:
		return appendBool(b, v), true
	case uint8:
		return appendUbyte(b, v), true
	case uint16:
		return appendUshort(b, v), true
	case uint32:
		return appendUint(b, v), true
	case uint64:
		return appendUlong(b, v), true
	case uint:
		return appendUlong(b, uint64(v)), true
	case int8:
		return appendByte(b, v), true
	case int16:
		return appendShort(b, v), true
	case int32:
		return appendInt(b, v), true
	case int64:
		return appendLong(b, v), true
	case int:
		return appendLong(b, int64(v)), true
	}
	return appendOtherScalar(b, v)
}

func appendOtherScalar(b []byte, v any) ([]byte, bool) {
	switch v := v.(type) {
	case float32:
		return appendFloat(b, v), true
	case float64:
		return appendDouble(b, v), true
	case Char:
		return appendChar(b, v), true
	case time.Time:
		return appendTimestamp(b, v), true
	case UUID:
		return appendUUID(b, v), true
	case []byte:
		return appendBinary(b, v), true
	case string:
		return appendString(b, v), true
	case Symbol:
		return appendSymbol(b, v), true
	case Condition:
		return appendSymbol(b, Symbol(v)), true
	}
	return b, false
}

func appendDescriptorValue(b []byte, desc any) ([]byte, error) {
	switch d := desc.(type) {
	case uint64:
		return appendDescriptor(b, d), nil
	case Symbol:
		return appendSymbol(append(b, codeDescribed), d), nil
	}
	return b, fmt.Errorf("amqp encode: descriptor must be uint64 or Symbol, not %T", desc)
}

// beginCompound writes a 32-bit compound header with the count filled in and
// the size left for compactCompound.
func beginCompound(b []byte, code32 byte, count int) []byte {
	b = append(b, code32, 0, 0, 0, 0)
	return binary.BigEndian.AppendUint32(b, uint32(count))
}

func appendList(b []byte, l []any, depth int) ([]byte, error) {
	if len(l) == 0 {
		return append(b, codeList0), nil
	}
	start := len(b)
	b = beginCompound(b, codeList32, len(l))
	var err error
	for _, e := range l {
		if b, err = appendValue(b, e, depth+1); err != nil {
			return b, err
		}
	}
	return compactCompound(b, start, codeList8), nil
}

func appendMap(b []byte, m Map, depth int) ([]byte, error) {
	start := len(b)
	b = beginCompound(b, codeMap32, 2*len(m))
	var err error
	for _, kv := range m {
		if b, err = appendValue(b, kv.Key, depth+1); err != nil {
			return b, err
		}
		if b, err = appendValue(b, kv.Value, depth+1); err != nil {
			return b, err
		}
	}
	return compactCompound(b, start, codeMap8), nil
}

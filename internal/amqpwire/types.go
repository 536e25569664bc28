package amqpwire

import (
	"encoding/hex"
	"fmt"
)

// Symbol is an AMQP symbol: an ASCII name from a constrained domain, such as a
// link capability, an error condition or an annotation key.
type Symbol string

// UUID is an AMQP uuid: 16 bytes in network order.
type UUID [16]byte

// String returns the UUID in its canonical 8-4-4-4-12 form.
func (u UUID) String() string {
	var b [36]byte
	hex.Encode(b[0:8], u[0:4])
	b[8] = '-'
	hex.Encode(b[9:13], u[4:6])
	b[13] = '-'
	hex.Encode(b[14:18], u[6:8])
	b[18] = '-'
	hex.Encode(b[19:23], u[8:10])
	b[23] = '-'
	hex.Encode(b[24:], u[10:])
	return string(b[:])
}

// Char is an AMQP char: a single Unicode code point encoded as UTF-32BE.
type Char rune

// Described is a value with a descriptor: a ulong (uint64) or a Symbol naming what
// the value means. Performatives, delivery states and message sections are
// described lists; Described carries any other described value through intact.
type Described struct {
	Descriptor any // uint64 or Symbol
	Value      any
}

// KeyValue is one entry of a Map.
type KeyValue struct {
	Key   any
	Value any
}

// Map is an AMQP map as an ordered list of entries. AMQP map keys may be of any
// type, including binary, and the order on the wire is kept.
type Map []KeyValue

// Get returns the value stored under key, compared with ==, so that the symbol
// Symbol("a") and the string "a" are different keys.
func (m Map) Get(key any) (any, bool) {
	for _, kv := range m {
		if keyEqual(kv.Key, key) {
			return kv.Value, true
		}
	}
	return nil, false
}

// Lookup returns the value stored under a string or symbol key with the given
// name: the way to read application properties and annotations whatever type
// the peer used for their keys.
func (m Map) Lookup(name string) (any, bool) {
	for _, kv := range m {
		switch k := kv.Key.(type) {
		case string:
			if k == name {
				return kv.Value, true
			}
		case Symbol:
			if string(k) == name {
				return kv.Value, true
			}
		}
	}
	return nil, false
}

// Set replaces the value under key, or appends the entry when the key is new.
func (m *Map) Set(key, value any) {
	for i, kv := range *m {
		if keyEqual(kv.Key, key) {
			(*m)[i].Value = value
			return
		}
	}
	*m = append(*m, KeyValue{Key: key, Value: value})
}

// keyEqual compares two map keys without panicking on unhashable types.
func keyEqual(a, b any) bool {
	ab, aok := a.([]byte)
	bb, bok := b.([]byte)
	if aok || bok {
		return aok && bok && string(ab) == string(bb)
	}
	if !comparable(a) || !comparable(b) {
		return false
	}
	return a == b
}

// comparable reports whether v can be compared with == without a panic.
func comparable(v any) bool {
	switch v.(type) {
	case []any, Map, Array, Described:
		return false
	}
	return true
}

// Array is an AMQP array: every element has the same type. Encoding uses the type
// of the first element as the element constructor and fails on a mixed array; an
// empty Array is encoded as an empty array of nulls.
type Array []any

// Role says which end of a link an attach or disposition speaks for.
type Role bool

// The two link roles, as encoded on the wire.
const (
	RoleSender   Role = false
	RoleReceiver Role = true
)

// String returns "sender" or "receiver".
func (r Role) String() string {
	if r == RoleReceiver {
		return "receiver"
	}
	return "sender"
}

// SenderSettleMode is the snd-settle-mode of a link.
type SenderSettleMode uint8

// The sender settle modes.
const (
	SenderSettleModeUnsettled SenderSettleMode = 0 // the sender sends all deliveries unsettled
	SenderSettleModeSettled   SenderSettleMode = 1 // the sender sends all deliveries settled
	SenderSettleModeMixed     SenderSettleMode = 2 // the sender chooses per delivery (the default)
)

// String returns the mode's name in the specification.
func (m SenderSettleMode) String() string {
	switch m {
	case SenderSettleModeUnsettled:
		return "unsettled"
	case SenderSettleModeSettled:
		return "settled"
	case SenderSettleModeMixed:
		return "mixed"
	}
	return fmt.Sprintf("snd-settle-mode(%d)", uint8(m))
}

// ReceiverSettleMode is the rcv-settle-mode of a link.
type ReceiverSettleMode uint8

// The receiver settle modes.
const (
	ReceiverSettleModeFirst  ReceiverSettleMode = 0 // the receiver settles first (the default)
	ReceiverSettleModeSecond ReceiverSettleMode = 1 // the receiver settles after the sender
)

// String returns the mode's name in the specification.
func (m ReceiverSettleMode) String() string {
	switch m {
	case ReceiverSettleModeFirst:
		return "first"
	case ReceiverSettleModeSecond:
		return "second"
	}
	return fmt.Sprintf("rcv-settle-mode(%d)", uint8(m))
}

// Optional is a field that may be absent (null) on the wire and has no default.
type Optional[T any] struct {
	Value T
	Set   bool
}

// Some returns an Optional holding v.
func Some[T any](v T) Optional[T] { return Optional[T]{Value: v, Set: true} }

// Or returns the value when set, otherwise def.
func (o Optional[T]) Or(def T) T {
	if o.Set {
		return o.Value
	}
	return def
}

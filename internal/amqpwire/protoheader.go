package amqpwire

import (
	"fmt"
	"io"
)

// Protocol ids in the protocol header that opens each layer (AMQP 1.0 part 2.2
// and 5).
const (
	ProtoAMQP uint8 = 0
	ProtoTLS  uint8 = 2
	ProtoSASL uint8 = 3
)

// ProtoHeader is the 8-byte protocol header "AMQP" id major minor revision.
type ProtoHeader struct {
	ID                     uint8
	Major, Minor, Revision uint8
}

// Bytes returns the header as sent on the wire.
func (h ProtoHeader) Bytes() []byte {
	return []byte{'A', 'M', 'Q', 'P', h.ID, h.Major, h.Minor, h.Revision}
}

// IsAMQP10 reports whether the header speaks AMQP 1.0.0.
func (h ProtoHeader) IsAMQP10() bool { return h.Major == 1 && h.Minor == 0 && h.Revision == 0 }

// String formats the header as "AMQP 3 1 0 0".
func (h ProtoHeader) String() string {
	return fmt.Sprintf("AMQP %d %d %d %d", h.ID, h.Major, h.Minor, h.Revision)
}

// ProtoHeaderFor returns the AMQP 1.0.0 protocol header with the given id.
func ProtoHeaderFor(id uint8) ProtoHeader { return ProtoHeader{ID: id, Major: 1} }

// ReadProtoHeader reads a protocol header. Bytes that do not start with "AMQP"
// yield a *DecodeError.
func ReadProtoHeader(r io.Reader) (ProtoHeader, error) {
	var b [8]byte
	if _, err := io.ReadFull(r, b[:]); err != nil {
		return ProtoHeader{}, fmt.Errorf("reading the protocol header: %w", err)
	}
	if string(b[:4]) != "AMQP" {
		return ProtoHeader{}, &DecodeError{Condition: ConditionFramingError, Offset: 0,
			Msg: fmt.Sprintf("protocol header %q does not start with AMQP", b[:])}
	}
	return ProtoHeader{ID: b[4], Major: b[5], Minor: b[6], Revision: b[7]}, nil
}

// Package amqpwire is hubspec's AMQP 1.0 codec: the type system (every encoding a
// peer may choose, compact encodings on the way out), the performatives of the
// transport and security layers, frames, and the message format.
//
// It is the server-side half that github.com/Azure/go-amqp keeps in internal
// packages. Decoding never panics and never allocates more than a small multiple of
// its input: every count is checked against the bytes that remain, nesting is
// bounded, and a malformed input yields a *DecodeError that says what was wrong and
// at which offset, together with the AMQP error condition a connection should be
// closed with.
//
// # Go types for AMQP types
//
//	null                      nil
//	boolean                   bool
//	ubyte ushort uint ulong   uint8 uint16 uint32 uint64
//	byte short int long       int8 int16 int32 int64
//	float double              float32 float64
//	char                      Char
//	timestamp                 time.Time (UTC, millisecond precision)
//	uuid                      UUID
//	binary                    []byte (decoded slices alias the input)
//	string                    string
//	symbol                    Symbol
//	list                      []any
//	map                       Map (ordered key/value pairs)
//	array                     Array
//	described                 Described
//
// Decimal types are refused with a decode error.
//
// # Frames and performatives
//
// FrameReader reads frames from a byte stream with a size limit; AppendFrame
// encodes one into a byte slice. Performatives (Open, Begin, Attach, Flow, Transfer,
// Disposition, Detach, End, Close) and SASL frames (SASLMechanisms, SASLInit,
// SASLChallenge, SASLResponse, SASLOutcome) are plain structs; fields that the
// specification defaults are decoded with their default applied, and encoded as
// null (or left off the end of the list) when they hold it.
//
// # Messages
//
// Message holds the sections of a bare or annotated message. Delivery payloads
// travel through the engine as raw bytes; decode them with UnmarshalMessage only
// where their content matters.
package amqpwire

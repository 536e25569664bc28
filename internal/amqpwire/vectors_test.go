package amqpwire

import (
	"math"
	"time"
)

// The wire test vectors: named raw bytes and the value they stand for, shared by
// the encoder and decoder tests (after mochi-mqtt's packets/tpackets.go).
// decodeOnly marks a legal encoding that is not the most compact one: the
// decoder must accept it, the encoder writes the compact form instead. Vectors
// named "go-amqp", "rhea" and "server" are frames captured on a socket between
// github.com/Azure/go-amqp v1.7.0 or rhea 3.0.5 and this engine; "spec A/B" are
// the frames of appendices A and B of the IoT Hub wire spec.

type valueVector struct {
	name       string
	raw        []byte
	value      any
	decodeOnly bool
}

var (
	testUUID      = UUID{0xc2, 0xa3, 0xf7, 0xc4, 0x0e, 0x34, 0x4c, 0x58, 0x9a, 0x9e, 0x1a, 0x2b, 0x3c, 0x4d, 0x5e, 0x6f}
	testTimestamp = time.UnixMilli(0x1a219e7b3fe).UTC()
	long300       = string(repeat('x', 300))
)

var valueVectors = []valueVector{
	{name: "null", raw: hx("40"), value: nil},
	{name: "true", raw: hx("41"), value: true},
	{name: "false", raw: hx("42"), value: false},
	{name: "boolean 0x56 true", raw: hx("56 01"), value: true, decodeOnly: true},
	{name: "boolean 0x56 false", raw: hx("56 00"), value: false, decodeOnly: true},
	{name: "ubyte", raw: hx("50 07"), value: uint8(7)},
	{name: "ushort", raw: hx("60 01 02"), value: uint16(258)},
	{name: "uint0", raw: hx("43"), value: uint32(0)},
	{name: "smalluint", raw: hx("52 ff"), value: uint32(255)},
	{name: "uint", raw: hx("70 00 00 01 00"), value: uint32(256)},
	{name: "uint in four bytes", raw: hx("70 00 00 00 05"), value: uint32(5), decodeOnly: true},
	{name: "ulong0", raw: hx("44"), value: uint64(0)},
	{name: "smallulong", raw: hx("53 07"), value: uint64(7)},
	{name: "ulong", raw: hx("80 00 00 00 01 00 00 00 00"), value: uint64(1) << 32},
	{name: "ulong in eight bytes", raw: hx("80 00 00 00 00 00 00 00 05"), value: uint64(5), decodeOnly: true},
	{name: "byte", raw: hx("51 ff"), value: int8(-1)},
	{name: "short", raw: hx("61 ff fe"), value: int16(-2)},
	{name: "smallint", raw: hx("54 80"), value: int32(-128)},
	{name: "int", raw: hx("71 ff ff ff 7f"), value: int32(-129)},
	{name: "int in four bytes", raw: hx("71 00 00 00 05"), value: int32(5), decodeOnly: true},
	{name: "smalllong", raw: hx("55 7f"), value: int64(127)},
	{name: "long", raw: hx("81 00 00 00 00 00 00 00 80"), value: int64(128)},
	{name: "long in eight bytes", raw: hx("81 ff ff ff ff ff ff ff ff"), value: int64(-1), decodeOnly: true},
	{name: "float", raw: hx("72 3f c0 00 00"), value: float32(1.5)},
	{name: "double", raw: hx("82 c0 04 00 00 00 00 00 00"), value: float64(-2.5)},
	{name: "char", raw: hx("73 00 01 f6 00"), value: Char(0x1f600)},
	{name: "timestamp", raw: hx("83 00 00 01 a2 19 e7 b3 fe"), value: testTimestamp},
	{name: "uuid", raw: hx("98 c2 a3 f7 c4 0e 34 4c 58 9a 9e 1a 2b 3c 4d 5e 6f"), value: testUUID},
	{name: "vbin8", raw: hx("a0 03 01 02 03"), value: []byte{1, 2, 3}},
	{name: "vbin8 empty", raw: hx("a0 00"), value: []byte{}},
	{name: "vbin32", raw: append(hx("b0 00 00 01 00"), repeat(0xab, 256)...), value: repeat(0xab, 256)},
	{name: "vbin32 short", raw: hx("b0 00 00 00 01 ff"), value: []byte{0xff}, decodeOnly: true},
	{name: "str8", raw: hx(`a1 05 "hello"`), value: "hello"},
	{name: "str8 utf-8", raw: hx("a1 03 e2 82 ac"), value: "€"},
	{name: "str32", raw: append(hx("b1 00 00 01 2c"), long300...), value: long300},
	{name: "str32 short", raw: hx(`b1 00 00 00 02 "hi"`), value: "hi", decodeOnly: true},
	{name: "sym8", raw: hx(`a3 04 "amqp"`), value: Symbol("amqp")},
	{name: "sym32", raw: append(hx("b3 00 00 01 2c"), long300...), value: Symbol(long300)},
	{name: "sym32 short", raw: hx(`b3 00 00 00 04 "amqp"`), value: Symbol("amqp"), decodeOnly: true},
	{name: "list0", raw: hx("45"), value: []any{}},
	{name: "list8", raw: hx(`c0 07 03 52 01 a1 01 "a" 41`), value: []any{uint32(1), "a", true}},
	{name: "list32 short", raw: hx(`d0 00 00 00 0a 00 00 00 03 52 01 a1 01 "a" 41`), value: []any{uint32(1), "a", true}, decodeOnly: true},
	{name: "list32", raw: append(hx("d0 00 00 01 35 00 00 00 01 b1 00 00 01 2c"), long300...), value: []any{long300}},
	{name: "list8 of list32 short", raw: hx("c0 0a 01 d0 00 00 00 04 00 00 00 00"), value: []any{[]any{}}, decodeOnly: true},
	{name: "map8", raw: hx(`c1 06 02 a3 01 "k" 54 ff`), value: Map{{Symbol("k"), int32(-1)}}},
	{name: "map8 empty", raw: hx("c1 01 00"), value: Map{}},
	{name: "map8 binary key", raw: hx("c1 05 02 a0 01 01 40"), value: Map{{[]byte{1}, nil}}},
	{name: "map32 short", raw: hx(`d1 00 00 00 09 00 00 00 02 a3 01 "k" 54 ff`), value: Map{{Symbol("k"), int32(-1)}}, decodeOnly: true},
	{name: "map32", raw: append(hx(`d1 00 00 01 38 00 00 00 02 a1 01 "k" b1 00 00 01 2c`), long300...), value: Map{{"k", long300}}},
	{name: "nested list, map, array", raw: hx(`c0 0d 02 c1 05 02 a1 01 "a" 45 e0 03 01 50 01`),
		value: []any{Map{{"a", []any{}}}, Array{uint8(1)}}},
	{name: "array8 of sym8", raw: hx(`e0 12 02 a3 05 "PLAIN" 09 "ANONYMOUS"`), value: Array{Symbol("PLAIN"), Symbol("ANONYMOUS")}},
	{name: "array8 of smalluint", raw: hx("e0 04 02 52 01 02"), value: Array{uint32(1), uint32(2)}},
	{name: "array8 of uint", raw: hx("e0 0a 02 70 00 00 00 01 00 00 01 00"), value: Array{uint32(1), uint32(256)}},
	{name: "array32 of uint", raw: hx("f0 00 00 00 0d 00 00 00 02 70 00 00 00 01 00 00 01 00"), value: Array{uint32(1), uint32(256)}, decodeOnly: true},
	{name: "array8 of boolean", raw: hx("e0 04 02 56 01 00"), value: Array{true, false}},
	{name: "array8 of timestamp", raw: hx("e0 0a 01 83 00 00 01 a2 19 e7 b3 fe"), value: Array{testTimestamp}},
	{name: "array8 empty", raw: hx("e0 02 00 40"), value: Array{}},
	{name: "array8 of described lists", raw: hx("e0 15 02 00 53 24 d0 00 00 00 04 00 00 00 00 00 00 00 04 00 00 00 00"),
		value: Array{Described{uint64(0x24), []any{}}, Described{uint64(0x24), []any{}}}},
	{name: "array8 of strings described by a symbol", raw: hx(`e0 0d 02 00 a3 03 "x:y" a1 01 "a" 02 "bc"`),
		value: Array{Described{Symbol("x:y"), "a"}, Described{Symbol("x:y"), "bc"}}},
	{name: "array8 of maps", raw: hx(`e0 12 02 d1 00 00 00 04 00 00 00 00 00 00 00 04 00 00 00 00`), value: Array{Map{}, Map{}}},
	{name: "described, smallulong descriptor", raw: hx("00 53 24 45"), value: Described{uint64(0x24), []any{}}},
	{name: "described, symbol descriptor", raw: hx(`00 a3 12 "amqp:accepted:list" 45`), value: Described{Symbol("amqp:accepted:list"), []any{}}},
	{name: "described, vendor ulong descriptor", raw: hx("00 80 00 00 01 37 00 00 00 01 81 00 00 00 00 00 00 01 00"),
		value: Described{uint64(0x0000013700000001), int64(256)}},
	{name: "described, ulong0 descriptor", raw: hx("00 44 40"), value: Described{uint64(0), nil}},
}

// badValues are inputs the value decoder must refuse with a *DecodeError whose
// message contains want.
var badValues = []struct {
	name string
	raw  []byte
	want string
}{
	{"empty input", nil, "unexpected end of data"},
	{"truncated uint", hx("70 00 00"), "need 4 bytes, 2 left"},
	{"unknown constructor", hx("01"), "unknown constructor 0x01"},
	{"decimal32", hx("74 00 00 00 00"), "decimal values (constructor 0x74) are not supported"},
	{"decimal64", hx("84 00 00 00 00 00 00 00 00"), "not supported"},
	{"decimal128", append(hx("94"), repeat(0, 16)...), "not supported"},
	{"boolean byte 2", hx("56 02"), "boolean byte must be 0 or 1"},
	{"str8 longer than input", hx(`a1 09 "abc"`), "value of 9 bytes, 3 left"},
	{"vbin32 longer than input", hx("b0 ff ff ff ff 00"), "value of 4294967295 bytes, 1 left"},
	{"list count beyond its size", hx("c0 01 05"), "list of 5 elements in 0 bytes"},
	{"list32 count beyond its size", hx("d0 00 00 00 04 ff ff ff ff"), "list of 4294967295 elements in 0 bytes"},
	{"list size beyond input", hx("c0 10 01 40"), "list of 16 bytes, 2 left"},
	{"list with bytes after its last element", hx("c0 03 01 40 40"), "list has 1 bytes after its last element"},
	{"list element past the list", hx("c0 02 01 70 00 00 00 00"), "need 4 bytes, 0 left"},
	{"map with an odd count", hx("c1 02 01 40"), "map with an odd number of elements"},
	{"descriptor that is a string", hx(`00 a1 01 "a" 40`), "descriptor must be a ulong or a symbol"},
	{"array with nested descriptors", hx("e0 05 01 00 53 24 00"), "nested descriptors"},
	{"array count beyond its size", hx("e0 02 05 40"), "array of 5 elements in 1 bytes"},
	{"array of an unknown type", hx("e0 03 01 02 00"), "unknown constructor 0x02"},
	{"nesting deeper than 64", append(repeat(0xc0, 0), nestedLists(70)...), "nested deeper than 64"},
}

// nestedLists returns n list8 values nested in each other around a null.
func nestedLists(n int) []byte {
	b := []byte{codeNull}
	for range n {
		b = append([]byte{codeList8, byte(len(b) + 1), 1}, b...)
		if len(b) > 250 {
			break
		}
	}
	return b
}

type frameVector struct {
	name       string
	raw        []byte
	frame      Frame
	decodeOnly bool
}

const (
	goAmqpSenderName   = "FQ3uz1imNYZDfsSY7_wASWilzEwFmjp8E5gCmU4FHE1KmNeQWE6Zyg"
	goAmqpReceiverName = "ecxu1rCql2s--hLPdJFvCKBrD0HGzGNkyIjk5Q4NicVhqU90-JCTmg"
)

var (
	goAmqpPayload = hx(`00 53 73 d0 00 00 00 11 00 00 00 03 a1 02 "m1" 40 a1 06 "/queue"
		00 53 74 d1 00 00 00 0a 00 00 00 02 a1 01 "k" a1 01 "v" 00 53 75 a0 05 "hello"`)
	rheaPayload = hx(`00 53 70 45 00 53 73 d0 00 00 00 17 00 00 00 03 a1 08 "ff74548c" 40 a1 06 "/queue"
		00 53 74 d1 00 00 00 1a 00 00 00 02 a1 09 "operation" a1 09 "put-token" 00 53 75 a0 05 "hello"`)
)

func amqpFrame(ch uint16, body Performative) Frame {
	return Frame{Type: FrameTypeAMQP, Channel: ch, Body: body}
}

func saslFrame(body Performative) Frame { return Frame{Type: FrameTypeSASL, Body: body} }

var frameVectors = []frameVector{
	{name: "empty frame (heartbeat)", raw: hx("00 00 00 08 02 00 00 00"), frame: Frame{}},
	{name: "extended header", raw: hx("00 00 00 10 03 00 00 00 ff ff ff ff 00 53 17 45"), frame: amqpFrame(0, &End{}), decodeOnly: true},

	// security layer
	{name: "server sasl-mechanisms", raw: hx(`00 00 00 2a 02 01 00 00 00 53 40 c0 1d 01 e0 1a 03 a3 05 "PLAIN" 07 "MSSBCBS" 09 "ANONYMOUS"`),
		frame: saslFrame(&SASLMechanisms{Mechanisms: []Symbol{"PLAIN", "MSSBCBS", "ANONYMOUS"}})},
	{name: "go-amqp sasl-init PLAIN", raw: hx("00 00 00 25 02 01 00 00 00 53 41 d0 00 00 00 15 00 00 00 02 a3 05 \"PLAIN\" a0 08 00 \"user\" 00 \"pw\""),
		frame: saslFrame(&SASLInit{Mechanism: "PLAIN", InitialResponse: hx(`00 "user" 00 "pw"`)}), decodeOnly: true},
	{name: "sasl-init MSSBCBS, empty initial response", raw: hx(`00 00 00 19 02 01 00 00 00 53 41 c0 0c 02 a3 07 "MSSBCBS" a0 00`),
		frame: saslFrame(&SASLInit{Mechanism: "MSSBCBS", InitialResponse: []byte{}})},
	{name: "sasl-init ANONYMOUS", raw: hx(`00 00 00 19 02 01 00 00 00 53 41 c0 0c 01 a3 09 "ANONYMOUS"`),
		frame: saslFrame(&SASLInit{Mechanism: "ANONYMOUS"})},
	{name: "sasl-challenge", raw: hx("00 00 00 10 02 01 00 00 00 53 42 c0 03 01 a0 00"), frame: saslFrame(&SASLChallenge{Challenge: []byte{}})},
	{name: "sasl-response", raw: hx(`00 00 00 14 02 01 00 00 00 53 43 c0 07 01 a0 04 00 "u" 00 "p"`),
		frame: saslFrame(&SASLResponse{Response: hx(`00 "u" 00 "p"`)})},
	{name: "server sasl-outcome ok", raw: hx("00 00 00 10 02 01 00 00 00 53 44 c0 03 01 50 00"), frame: saslFrame(&SASLOutcome{Code: SASLCodeOK})},
	{name: "sasl-outcome auth", raw: hx("00 00 00 10 02 01 00 00 00 53 44 c0 03 01 50 01"), frame: saslFrame(&SASLOutcome{Code: SASLCodeAuth})},

	// open
	{name: "go-amqp open", raw: hx(`00 00 00 35 02 00 00 00 00 53 10 d0 00 00 00 25 00 00 00 05 a1 09 "go-client" a1 09 "127.0.0.1" 70 00 01 00 00 40 70 00 00 75 30`),
		frame: amqpFrame(0, &Open{ContainerID: "go-client", Hostname: "127.0.0.1", MaxFrameSize: 65536, ChannelMax: math.MaxUint16, IdleTimeout: 30000}), decodeOnly: true},
	{name: "rhea open with idle_time_out", raw: hx(`00 00 00 29 02 00 00 00 00 53 10 d0 00 00 00 19 00 00 00 05 a1 0b "rhea-client" 40 40 40 70 00 01 d4 c0`),
		frame: amqpFrame(0, &Open{ContainerID: "rhea-client", MaxFrameSize: math.MaxUint32, ChannelMax: math.MaxUint16, IdleTimeout: 120000}), decodeOnly: true},
	{name: "spec A: Node SDK open", raw: hx(`00 00 00 45 02 00 00 00 00 53 10 d0 00 00 00 35 00 00 00 02 a1 24 "64a099b7-2c4e-4b8a-9d1e-0f5c3a7b9e21" a1 09 "localhost"`),
		frame: amqpFrame(0, &Open{ContainerID: "64a099b7-2c4e-4b8a-9d1e-0f5c3a7b9e21", Hostname: "localhost", MaxFrameSize: math.MaxUint32, ChannelMax: math.MaxUint16}), decodeOnly: true},
	{name: "spec B: IoT Hub open", raw: hx(`00 00 00 5b 02 00 00 00 00 53 10 c0 4e 0a a1 2e "DeviceGateway_2eb6c0a8f3d94e1bb6a1d3c5e7f90123" a1 09 "localhost" 70 00 01 00 00 60 1f ff 70 00 03 a9 80 40 40 40 40 40`),
		frame: amqpFrame(0, &Open{ContainerID: "DeviceGateway_2eb6c0a8f3d94e1bb6a1d3c5e7f90123", Hostname: "localhost", MaxFrameSize: 65536, ChannelMax: 8191, IdleTimeout: 240000}), decodeOnly: true},
	{name: "server open", raw: hx(`00 00 00 36 02 00 00 00 00 53 10 c0 29 05 a1 18 "hubspec-df992467a31d5311" 40 70 00 01 00 00 60 1f ff 70 00 03 a9 80`),
		frame: amqpFrame(0, &Open{ContainerID: "hubspec-df992467a31d5311", MaxFrameSize: 65536, ChannelMax: 8191, IdleTimeout: 240000})},
	{name: "open with a symbolic descriptor", raw: hx(`00 00 00 1f 02 00 00 00 00 a3 0e "amqp:open:list" c0 04 01 a1 01 "x"`),
		frame: amqpFrame(0, &Open{ContainerID: "x", MaxFrameSize: math.MaxUint32, ChannelMax: math.MaxUint16}), decodeOnly: true},

	// begin
	{name: "go-amqp begin", raw: hx("00 00 00 25 02 00 00 00 00 53 11 d0 00 00 00 15 00 00 00 05 40 43 70 00 00 13 88 70 00 00 13 88 70 ff ff ff fe"),
		frame: amqpFrame(0, &Begin{IncomingWindow: 5000, OutgoingWindow: 5000, HandleMax: 4294967294}), decodeOnly: true},
	{name: "rhea begin (spec A)", raw: hx("00 00 00 20 02 00 00 00 00 53 11 d0 00 00 00 10 00 00 00 04 40 43 70 00 00 08 00 70 ff ff ff ff"),
		frame: amqpFrame(0, &Begin{IncomingWindow: 2048, OutgoingWindow: math.MaxUint32, HandleMax: math.MaxUint32}), decodeOnly: true},
	{name: "server begin", raw: hx("00 00 00 21 02 00 00 00 00 53 11 c0 14 05 60 00 00 43 70 00 00 13 88 70 ff ff ff ff 70 00 03 ff ff"),
		frame: amqpFrame(0, &Begin{RemoteChannel: Some(uint16(0)), IncomingWindow: 5000, OutgoingWindow: math.MaxUint32, HandleMax: 262143})},

	// attach
	{name: "go-amqp sender attach", raw: hx(`00 00 00 6b 02 00 00 00 00 53 12 d0 00 00 00 5b 00 00 00 0a a1 36 "` + goAmqpSenderName + `" 43 42 40 40 00 53 28 45 00 53 29 d0 00 00 00 0c 00 00 00 01 a1 06 "/queue" 40 40 43`),
		frame: amqpFrame(0, &Attach{Name: goAmqpSenderName, Role: RoleSender, SndSettleMode: SenderSettleModeMixed,
			Source: &Source{}, Target: &Target{Address: "/queue"}, InitialDeliveryCount: Some(uint32(0))}), decodeOnly: true},
	{name: "server attach answering the go-amqp sender", raw: hx(`00 00 00 68 02 00 00 00 00 53 12 c0 5b 0b a1 36 "` + goAmqpSenderName + `" 43 41 40 40 00 53 28 45 00 53 29 c0 09 01 a1 06 "/queue" 40 40 40 80 00 00 00 00 00 10 00 00`),
		frame: amqpFrame(0, &Attach{Name: goAmqpSenderName, Role: RoleReceiver, SndSettleMode: SenderSettleModeMixed,
			Source: &Source{}, Target: &Target{Address: "/queue"}, MaxMessageSize: 1 << 20})},
	{name: "go-amqp receiver attach", raw: hx(`00 00 00 69 02 00 00 00 00 53 12 d0 00 00 00 59 00 00 00 07 a1 36 "` + goAmqpReceiverName + `" 52 01 41 40 40 00 53 28 d0 00 00 00 0c 00 00 00 01 a1 06 "/queue" 00 53 29 45`),
		frame: amqpFrame(0, &Attach{Name: goAmqpReceiverName, Handle: 1, Role: RoleReceiver, SndSettleMode: SenderSettleModeMixed,
			Source: &Source{Address: "/queue"}, Target: &Target{}}), decodeOnly: true},
	{name: "server attach answering the go-amqp receiver", raw: hx(`00 00 00 60 02 00 00 00 00 53 12 c0 53 0a a1 36 "` + goAmqpReceiverName + `" 52 01 42 40 40 00 53 28 c0 09 01 a1 06 "/queue" 00 53 29 45 40 40 43`),
		frame: amqpFrame(0, &Attach{Name: goAmqpReceiverName, Handle: 1, Role: RoleSender, SndSettleMode: SenderSettleModeMixed,
			Source: &Source{Address: "/queue"}, Target: &Target{}, InitialDeliveryCount: Some(uint32(0))})},
	{name: "rhea sender attach", raw: hx(`00 00 00 3f 02 00 00 00 00 53 12 d0 00 00 00 2f 00 00 00 0a a1 0a "rheaSender" 43 42 40 40 00 53 28 45 00 53 29 d0 00 00 00 0c 00 00 00 01 a1 06 "/queue" 40 40 43`),
		frame: amqpFrame(0, &Attach{Name: "rheaSender", Role: RoleSender, SndSettleMode: SenderSettleModeMixed,
			Source: &Source{}, Target: &Target{Address: "/queue"}, InitialDeliveryCount: Some(uint32(0))}), decodeOnly: true},

	// flow
	{name: "go-amqp flow", raw: hx("00 00 00 26 02 00 00 00 00 53 13 d0 00 00 00 16 00 00 00 07 43 70 00 00 13 88 52 01 70 00 00 13 88 52 01 43 52 0a"),
		frame: amqpFrame(0, &Flow{NextIncomingID: Some(uint32(0)), IncomingWindow: 5000, NextOutgoingID: 1, OutgoingWindow: 5000,
			Handle: Some(uint32(1)), DeliveryCount: Some(uint32(0)), LinkCredit: Some(uint32(10))}), decodeOnly: true},
	{name: "rhea flow", raw: hx("00 00 00 26 02 00 00 00 00 53 13 d0 00 00 00 16 00 00 00 07 43 70 00 00 08 00 52 01 70 ff ff ff fe 52 01 43 52 0a"),
		frame: amqpFrame(0, &Flow{NextIncomingID: Some(uint32(0)), IncomingWindow: 2048, NextOutgoingID: 1, OutgoingWindow: 4294967294,
			Handle: Some(uint32(1)), DeliveryCount: Some(uint32(0)), LinkCredit: Some(uint32(10))}), decodeOnly: true},
	{name: "server flow granting credit", raw: hx("00 00 00 21 02 00 00 00 00 53 13 c0 14 07 43 70 00 00 13 88 43 70 ff ff ff ff 43 43 70 00 00 03 e8"),
		frame: amqpFrame(0, &Flow{NextIncomingID: Some(uint32(0)), IncomingWindow: 5000, OutgoingWindow: math.MaxUint32,
			Handle: Some(uint32(0)), DeliveryCount: Some(uint32(0)), LinkCredit: Some(uint32(1000))})},
	{name: "server flow answering drain", raw: hx("00 00 00 23 02 00 00 00 00 53 13 c0 16 09 52 03 70 00 00 13 88 52 07 70 ff ff ff ff 52 02 52 0a 43 40 41"),
		frame: amqpFrame(0, &Flow{NextIncomingID: Some(uint32(3)), IncomingWindow: 5000, NextOutgoingID: 7, OutgoingWindow: math.MaxUint32,
			Handle: Some(uint32(2)), DeliveryCount: Some(uint32(10)), LinkCredit: Some(uint32(0)), Drain: true})},
	{name: "session flow asking for an echo", raw: hx("00 00 00 1a 02 00 00 00 00 53 13 c0 0d 0a 40 52 64 43 52 64 40 40 40 40 40 41"),
		frame: amqpFrame(0, &Flow{IncomingWindow: 100, OutgoingWindow: 100, Echo: true})},

	// transfer
	{name: "go-amqp transfer", raw: append(hx("00 00 00 56 02 00 00 00 00 53 14 d0 00 00 00 11 00 00 00 04 43 43 a0 08 00 00 00 00 00 00 00 00 43"), goAmqpPayload...),
		frame: amqpFrame(0, &Transfer{DeliveryID: Some(uint32(0)), DeliveryTag: make([]byte, 8), MessageFormat: Some(uint32(0)), Payload: goAmqpPayload}), decodeOnly: true},
	{name: "rhea transfer", raw: append(hx(`00 00 00 6b 02 00 00 00 00 53 14 d0 00 00 00 0c 00 00 00 06 43 43 a0 01 "0" 43 42 42`), rheaPayload...),
		frame: amqpFrame(0, &Transfer{DeliveryID: Some(uint32(0)), DeliveryTag: []byte("0"), MessageFormat: Some(uint32(0)), Payload: rheaPayload}), decodeOnly: true},
	{name: "server transfer with a 16-byte tag", raw: append(hx("00 00 00 59 02 00 00 00 00 53 14 c0 17 04 52 01 43 a0 10 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 43"), goAmqpPayload...),
		frame: amqpFrame(0, &Transfer{Handle: 1, DeliveryID: Some(uint32(0)), DeliveryTag: make([]byte, 16), MessageFormat: Some(uint32(0)), Payload: goAmqpPayload})},
	{name: "first frame of a settled multi-frame transfer", raw: hx(`00 00 00 1a 02 00 00 00 00 53 14 c0 0a 06 43 52 05 a0 01 "t" 43 41 41 "abc"`),
		frame: amqpFrame(0, &Transfer{DeliveryID: Some(uint32(5)), DeliveryTag: []byte("t"), MessageFormat: Some(uint32(0)), Settled: true, More: true, Payload: []byte("abc")})},
	{name: "continuation transfer", raw: hx(`00 00 00 11 02 00 00 00 00 53 14 c0 02 01 43 "de"`),
		frame: amqpFrame(0, &Transfer{Payload: []byte("de")})},
	{name: "aborted transfer", raw: hx("00 00 00 18 02 00 00 00 00 53 14 c0 0b 0a 43 40 40 40 40 40 40 40 40 41"),
		frame: amqpFrame(0, &Transfer{Aborted: true, Payload: []byte{}})},

	// disposition
	{name: "go-amqp disposition", raw: hx("00 00 00 1c 02 00 00 00 00 53 15 d0 00 00 00 0c 00 00 00 05 41 43 40 41 00 53 24 45"),
		frame: amqpFrame(0, &Disposition{Role: RoleReceiver, Settled: true, State: Accepted{}}), decodeOnly: true},
	{name: "rhea disposition", raw: hx("00 00 00 1c 02 00 00 00 00 53 15 d0 00 00 00 0c 00 00 00 05 41 43 43 41 00 53 24 45"),
		frame: amqpFrame(0, &Disposition{Role: RoleReceiver, Last: Some(uint32(0)), Settled: true, State: Accepted{}}), decodeOnly: true},
	{name: "spec B: IoT Hub disposition", raw: hx("00 00 00 18 02 00 00 00 00 53 15 c0 0b 06 41 52 03 40 41 00 53 24 45 40"),
		frame: amqpFrame(0, &Disposition{Role: RoleReceiver, First: 3, Settled: true, State: Accepted{}}), decodeOnly: true},
	{name: "server disposition accepted", raw: hx("00 00 00 16 02 00 00 00 00 53 15 c0 09 05 41 43 40 41 00 53 24 45"),
		frame: amqpFrame(0, &Disposition{Role: RoleReceiver, Settled: true, State: Accepted{}})},
	{name: "disposition released by the sender", raw: hx("00 00 00 17 02 00 00 00 00 53 15 c0 0a 05 42 52 07 40 41 00 53 26 45"),
		frame: amqpFrame(0, &Disposition{Role: RoleSender, First: 7, Settled: true, State: Released{}})},
	{name: "disposition modified, unsettled", raw: hx("00 00 00 1a 02 00 00 00 00 53 15 c0 0d 05 41 52 02 40 40 00 53 27 c0 02 01 41"),
		frame: amqpFrame(0, &Disposition{Role: RoleReceiver, First: 2, State: Modified{DeliveryFailed: true}})},
	{name: "disposition received", raw: hx("00 00 00 1c 02 00 00 00 00 53 15 c0 0f 05 41 43 40 40 00 53 23 c0 05 02 52 01 53 05"),
		frame: amqpFrame(0, &Disposition{Role: RoleReceiver, State: Received{SectionNumber: 1, SectionOffset: 5}})},
	{name: "disposition rejected with an error and info", raw: hx(`00 00 00 6b 02 00 00 00 00 53 15 c0 5e 05 41 52 01 40 41 00 53 25 c0 53 01
		00 53 1d c0 4d 03 a3 1c "amqp:resource-limit-exceeded" a1 0a "queue full" c1 20 02 a3 19 "com.microsoft:tracking-id" a1 02 "t1"`),
		frame: amqpFrame(0, &Disposition{Role: RoleReceiver, First: 1, Settled: true, State: Rejected{Error: &Error{
			Condition: ConditionResourceLimitExceeded, Description: "queue full", Info: Map{{Symbol("com.microsoft:tracking-id"), "t1"}}}}})},

	// detach, end, close
	{name: "go-amqp detach", raw: hx("00 00 00 17 02 00 00 00 00 53 16 d0 00 00 00 07 00 00 00 02 52 01 41"),
		frame: amqpFrame(0, &Detach{Handle: 1, Closed: true}), decodeOnly: true},
	{name: "server detach", raw: hx("00 00 00 11 02 00 00 00 00 53 16 c0 04 02 52 01 41"), frame: amqpFrame(0, &Detach{Handle: 1, Closed: true})},
	{name: "detach with an error", raw: hx(`00 00 00 30 02 00 00 00 00 53 16 c0 23 03 52 02 41 00 53 1d c0 1a 02 a3 0e "amqp:not-found" a1 07 "no node"`),
		frame: amqpFrame(0, &Detach{Handle: 2, Closed: true, Error: &Error{Condition: ConditionNotFound, Description: "no node"}})},
	{name: "end", raw: hx("00 00 00 0c 02 00 00 00 00 53 17 45"), frame: amqpFrame(0, &End{})},
	{name: "end with an error on channel 1", raw: hx(`00 00 00 33 02 00 00 01 00 53 17 c0 26 01 00 53 1d c0 20 01 a3 1d "amqp:session:window-violation"`),
		frame: amqpFrame(1, &End{Error: &Error{Condition: ConditionWindowViolation}})},
	{name: "close", raw: hx("00 00 00 0c 02 00 00 00 00 53 18 45"), frame: amqpFrame(0, &Close{})},
	{name: "close with an error", raw: hx(`00 00 00 38 02 00 00 00 00 53 18 c0 2b 01 00 53 1d c0 25 02 a3 1c "amqp:resource-limit-exceeded" a1 04 "idle"`),
		frame: amqpFrame(0, &Close{Error: &Error{Condition: ConditionResourceLimitExceeded, Description: "idle"}})},
}

// badFrames are frames the reader must refuse with a *DecodeError carrying
// condition and a message containing want.
var badFrames = []struct {
	name      string
	raw       []byte
	condition Condition
	want      string
}{
	{"size below the header", hx("00 00 00 04 02 00 00 00"), ConditionFramingError, "frame size 4 is smaller than the frame header"},
	{"size above max-frame-size", hx("00 00 10 00 02 00 00 00"), ConditionFramingError, "frame of 4096 bytes exceeds the max-frame-size of 512"},
	{"data offset below the header", hx("00 00 00 08 01 00 00 00"), ConditionFramingError, "data offset 4 is smaller than the frame header"},
	{"data offset beyond the frame", hx("00 00 00 08 05 00 00 00"), ConditionFramingError, "data offset 20 is beyond the frame size 8"},
	{"unknown frame type", hx("00 00 00 0c 02 07 00 00 00 53 17 45"), ConditionFramingError, "unknown frame type 0x07"},
	{"body that is not described", hx("00 00 00 09 02 00 00 00 45"), ConditionDecodeError, "expected a described value"},
	{"body that is null", hx("00 00 00 09 02 00 00 00 40"), ConditionDecodeError, "frame body is null"},
	{"unknown performative", hx("00 00 00 0c 02 00 00 00 00 53 19 45"), ConditionDecodeError, "descriptor 0x19 is not an AMQP performative"},
	{"SASL outcome in an AMQP frame", hx("00 00 00 10 02 00 00 00 00 53 44 c0 03 01 50 00"), ConditionDecodeError, "descriptor 0x44 is not an AMQP performative"},
	{"open in a SASL frame", hx("00 00 00 10 02 01 00 00 00 53 10 c0 03 01 a1 00"), ConditionDecodeError, "descriptor 0x10 is not a SASL frame body"},
	{"attach without a handle", hx(`00 00 00 11 02 00 00 00 00 53 12 c0 04 01 a1 01 "l"`), ConditionDecodeError, "attach.handle: mandatory field is missing"},
	{"open with a uint container-id", hx("00 00 00 10 02 00 00 00 00 53 10 c0 03 01 52 01"), ConditionDecodeError, "open.container-id: expected a string"},
	{"begin with a negative window", hx("00 00 00 13 02 00 00 00 00 53 11 c0 06 04 40 43 54 ff 43"), ConditionDecodeError, "begin.incoming-window: expected an unsigned integer"},
	{"ushort channel-max above 65535", hx(`00 00 00 18 02 00 00 00 00 53 10 c0 0b 04 a1 01 "x" 40 40 70 00 01 00 00`), ConditionDecodeError, "open.channel-max: value 65536 exceeds 65535"},
	{"attach with snd-settle-mode 3", hx(`00 00 00 15 02 00 00 00 00 53 12 c0 08 04 a1 01 "l" 43 42 50 03`), ConditionDecodeError, "snd-settle-mode 3 is not 0, 1 or 2"},
	{"disposition with a string state", hx(`00 00 00 15 02 00 00 00 00 53 15 c0 08 05 41 43 40 41 a1 01 "x"`), ConditionDecodeError, "disposition.state: expected a described value"},
	{"transfer with a truncated tag", hx(`00 00 00 13 02 00 00 00 00 53 14 c0 06 03 43 43 a0 09 "x"`), ConditionDecodeError, "value of 9 bytes, 1 left"},
}

package amqpwire

// messageVectors are encoded messages and the Message they stand for; see
// valueVectors for decodeOnly.
var messageVectors = []struct {
	name       string
	raw        []byte
	msg        *Message
	decodeOnly bool
}{
	{name: "spec A: C2D message as the Node service SDK sends it", decodeOnly: true, raw: hx(`00 53 70 45
		00 53 73 d0 00 00 00 66 00 00 00 09 98 c2 a3 f7 c4 0e 34 4c 58 9a 9e 1a 2b 3c 4d 5e 6f 40
		a1 22 "/devices/dev1/messages/devicebound" 40 40 a1 06 "corr-1" a3 10 "application/json" a3 05 "utf-8" 83 00 00 01 a2 19 e7 b3 fe
		00 53 74 d1 00 00 00 26 00 00 00 04 a1 0a "iothub-ack" a1 04 "full" a1 05 "prop1" a1 07 "value 1"
		00 53 75 a0 09 "hello c2d"`),
		msg: &Message{
			Header: &Header{Priority: 4},
			Properties: &Properties{MessageID: testUUID, To: "/devices/dev1/messages/devicebound", CorrelationID: "corr-1",
				ContentType: "application/json", ContentEncoding: "utf-8", AbsoluteExpiryTime: testTimestamp},
			ApplicationProperties: Map{{"iothub-ack", "full"}, {"prop1", "value 1"}},
			Data:                  [][]byte{[]byte("hello c2d")},
		}},
	{name: "spec A: CBS put-token request as the Node SDKs send it", decodeOnly: true, raw: hx(`00 53 70 45
		00 53 73 d0 00 00 00 37 00 00 00 05 a1 24 "ff74548c-1111-4222-8333-444455556666" 40 a1 04 "$cbs" 40 a1 03 "cbs"
		00 53 74 d1 00 00 00 63 00 00 00 06 a1 09 "operation" a1 09 "put-token" a1 04 "type" a1 1f "servicebus.windows.net:sastoken"
		a1 04 "name" a1 1a "localhost%2Fdevices%2Fdev1"
		00 53 77 a1 49 "SharedAccessSignature sr=localhost%2Fdevices%2Fdev1&sig=abc&se=1700000000"`),
		msg: &Message{
			Header:     &Header{Priority: 4},
			Properties: &Properties{MessageID: "ff74548c-1111-4222-8333-444455556666", To: "$cbs", ReplyTo: "cbs"},
			ApplicationProperties: Map{{"operation", "put-token"}, {"type", "servicebus.windows.net:sastoken"},
				{"name", "localhost%2Fdevices%2Fdev1"}},
			Value: "SharedAccessSignature sr=localhost%2Fdevices%2Fdev1&sig=abc&se=1700000000", HasValue: true,
		}},
	{name: "go-amqp message", raw: goAmqpPayload, decodeOnly: true, msg: &Message{
		Properties:            &Properties{MessageID: "m1", To: "/queue"},
		ApplicationProperties: Map{{"k", "v"}},
		Data:                  [][]byte{[]byte("hello")},
	}},
	{name: "every section", raw: hx(`00 53 70 c0 08 03 41 40 70 00 00 ea 60
		00 53 71 c1 0d 02 a3 07 "x-opt-a" a1 01 "b"
		00 53 72 c1 32 04 a3 14 "iothub-deliverycount" 50 01 a3 15 "x-opt-sequence-number" 53 09
		00 53 73 c0 30 07 53 07 a0 05 "myhub" 40 40 40 98 c2 a3 f7 c4 0e 34 4c 58 9a 9e 1a 2b 3c 4d 5e 6f a3 10 "application/json"
		00 53 74 c1 1f 04 a1 0a "iothub-ack" a1 08 "positive" a1 01 "n" 71 00 00 00 c8
		00 53 75 a0 02 "hi" 00 53 75 a0 00
		00 53 78 c1 05 02 a3 01 "f" 41`),
		msg: &Message{
			Header:                &Header{Durable: true, Priority: 4, TTL: 60000},
			DeliveryAnnotations:   Map{{Symbol("x-opt-a"), "b"}},
			MessageAnnotations:    Map{{Symbol("iothub-deliverycount"), uint8(1)}, {Symbol("x-opt-sequence-number"), uint64(9)}},
			Properties:            &Properties{MessageID: uint64(7), UserID: []byte("myhub"), CorrelationID: testUUID, ContentType: "application/json"},
			ApplicationProperties: Map{{"iothub-ack", "positive"}, {"n", int32(200)}},
			Data:                  [][]byte{[]byte("hi"), {}},
			Footer:                Map{{Symbol("f"), true}},
		}},
	{name: "CBS reply: correlation-id and an int status-code", raw: hx(`00 53 73 c0 10 06 40 40 40 40 40 a1 08 "ff74548c"
		00 53 74 c1 2b 04 a1 0b "status-code" 71 00 00 00 c8 a1 12 "status-description" a1 02 "OK"`),
		msg: &Message{
			Properties:            &Properties{CorrelationID: "ff74548c"},
			ApplicationProperties: Map{{"status-code", int32(200)}, {"status-description", "OK"}},
		}},
	{name: "amqp-value map body", raw: hx(`00 53 77 c1 06 02 a1 01 "a" 55 01`), msg: &Message{Value: Map{{"a", int64(1)}}, HasValue: true}},
	{name: "amqp-value null body", raw: hx(`00 53 77 40`), msg: &Message{HasValue: true}},
	{name: "amqp-sequence body", raw: hx(`00 53 76 c0 06 02 a1 01 "a" 52 01`), msg: &Message{Sequence: [][]any{{"a", uint32(1)}}}},
	{name: "no sections", raw: []byte{}, msg: &Message{}},
}

var badMessages = []struct {
	name, want string
	raw        []byte
}{
	{"a section that is not described", "expected a described value", hx("45")},
	{"a null section", "message section is null", hx("40")},
	{"an unknown section", "unknown message section with descriptor 0x79", hx("00 53 79 45")},
	{"a null data section", "data section is not binary", hx("00 53 75 40")},
	{"a data section that is a string", "data.binary: expected binary", hx(`00 53 75 a1 01 "x"`)},
	{"an amqp-sequence that is not a list", "amqp-sequence section is not a list", hx("00 53 76 40")},
	{"application properties that are a list", "expected a map", hx("00 53 74 45")},
	{"a header with a string ttl", "header.ttl: expected an unsigned integer", hx(`00 53 70 c0 06 03 40 40 a1 01 "x"`)},
	{"properties with a uint subject", "properties.subject: expected a string", hx(`00 53 73 c0 06 04 40 40 40 52 01`)},
	{"a truncated data section", "value of 5 bytes, 2 left", hx(`00 53 75 a0 05 "hi"`)},
}

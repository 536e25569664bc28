package amqpwire

import (
	"bufio"
	"bytes"
	"errors"
	"reflect"
	"testing"
)

// Every field of every performative, set to a value other than its default,
// survives an encode and a decode.
func TestPerformativesRoundTripWithEveryField(t *testing.T) {
	caps := []Symbol{"ANONYMOUS-RELAY", "x"}
	props := Map{{Symbol("com.microsoft:client-version"), "hubspec/1"}}
	err := &Error{Condition: ConditionNotAllowed, Description: "no", Info: Map{{Symbol("k"), int64(-1)}}}
	for _, p := range []Performative{
		&Open{ContainerID: "c", Hostname: "h", MaxFrameSize: 512, ChannelMax: 0, IdleTimeout: 1000,
			OutgoingLocales: []Symbol{"en-US"}, IncomingLocales: []Symbol{"en-US", "de"}, OfferedCapabilities: caps,
			DesiredCapabilities: caps, Properties: props},
		&Begin{RemoteChannel: Some(uint16(3)), NextOutgoingID: 1, IncomingWindow: 2, OutgoingWindow: 3, HandleMax: 7,
			OfferedCapabilities: caps, DesiredCapabilities: caps, Properties: props},
		fullAttach(caps, props),
		&Flow{NextIncomingID: Some(uint32(1)), IncomingWindow: 2, NextOutgoingID: 3, OutgoingWindow: 4, Handle: Some(uint32(5)),
			DeliveryCount: Some(uint32(6)), LinkCredit: Some(uint32(7)), Available: Some(uint32(8)), Drain: true, Echo: true, Properties: props},
		&Transfer{Handle: 1, DeliveryID: Some(uint32(2)), DeliveryTag: []byte("tag"), MessageFormat: Some(uint32(3)), Settled: true, More: true,
			RcvSettleMode: Some(ReceiverSettleModeSecond), State: Rejected{Error: err}, Resume: true, Aborted: true, Batchable: true, Payload: []byte("p")},
		&Disposition{Role: RoleReceiver, First: 1, Last: Some(uint32(9)), Settled: true,
			State: Modified{DeliveryFailed: true, UndeliverableHere: true, MessageAnnotations: Map{{Symbol("a"), "b"}}}, Batchable: true},
		&Detach{Handle: 4, Closed: true, Error: err},
		&End{Error: err},
		&Close{Error: err},
		&SASLMechanisms{Mechanisms: []Symbol{"EXTERNAL"}},
		&SASLInit{Mechanism: "PLAIN", InitialResponse: []byte("\x00a\x00b"), Hostname: "h"},
		&SASLOutcome{Code: SASLCodeSysTemp, AdditionalData: []byte("d")},
	} {
		t.Run(frameTestName(p), func(t *testing.T) {
			raw, err := AppendFrame(nil, 7, p)
			if err != nil {
				t.Fatal(err)
			}
			f, err := NewFrameReader(bufio.NewReader(bytes.NewReader(raw)), 1<<20).ReadFrame()
			if err != nil {
				t.Fatalf("% x: %v", raw, err)
			}
			if !reflect.DeepEqual(f.Body, p) {
				t.Errorf("read back\n %#v\nwant\n %#v", f.Body, p)
			}
		})
	}
}

func fullAttach(caps []Symbol, props Map) *Attach {
	return &Attach{
		Name: "l", Handle: 9, Role: RoleReceiver, SndSettleMode: SenderSettleModeSettled, RcvSettleMode: ReceiverSettleModeSecond,
		Source: &Source{Address: "/devices/d1/messages/devicebound", Durable: 2, ExpiryPolicy: "never", Timeout: 30, Dynamic: true,
			DynamicNodeProperties: Map{{Symbol("lifetime-policy"), Described{uint64(0x2b), []any{}}}}, DistributionMode: "move",
			Filter:         Map{{Symbol("f"), Described{Symbol("apache.org:selector-filter:string"), "a = 1"}}},
			DefaultOutcome: Released{}, Outcomes: []Symbol{"amqp:accepted:list"}, Capabilities: []Symbol{"queue"}},
		Target: &Target{Address: "t", Durable: 1, ExpiryPolicy: "link-detach", Timeout: 5, Dynamic: true,
			DynamicNodeProperties: Map{{Symbol("x"), true}}, Capabilities: []Symbol{"topic"}},
		Unsettled:           Map{{[]byte("tag"), Described{uint64(0x24), []any{}}}},
		IncompleteUnsettled: true, InitialDeliveryCount: Some(uint32(5)), MaxMessageSize: 65536,
		OfferedCapabilities: caps, DesiredCapabilities: caps, Properties: props,
	}
}

func frameTestName(p Performative) string {
	return reflect.TypeOf(p).Elem().Name()
}

func TestAppendTransferSplitsAtTheMaxFrameSize(t *testing.T) {
	payload := bytes.Repeat([]byte("0123456789"), 300)
	var out []byte
	for off, first := 0, true; first || off < len(payload); first = false {
		tr := Transfer{Handle: 1}
		if first {
			tr.DeliveryID, tr.DeliveryTag, tr.MessageFormat = Some(uint32(4)), []byte("t"), Some(uint32(0))
		}
		var n int
		var err error
		if out, n, err = AppendTransfer(out, 0, &tr, payload[off:], 512); err != nil {
			t.Fatal(err)
		}
		off += n
	}
	fr := NewFrameReader(bufio.NewReader(bytes.NewReader(out)), 512)
	var got []byte
	frames := 0
	for more := true; more; frames++ {
		f, err := fr.ReadFrame()
		if err != nil {
			t.Fatalf("frame %d: %v", frames, err)
		}
		tr := f.Body.(*Transfer)
		if frames == 0 && (tr.DeliveryID != Some(uint32(4)) || string(tr.DeliveryTag) != "t") {
			t.Errorf("first frame lacks the delivery-id or tag: %+v", tr)
		}
		got = append(got, tr.Payload...)
		more = tr.More
	}
	if !bytes.Equal(got, payload) || frames < 6 {
		t.Errorf("%d frames carried %d bytes, want %d bytes in at least 6 frames of 512", frames, len(got), len(payload))
	}
}

func TestAppendTransferRefusesATooSmallFrameSize(t *testing.T) {
	tr := Transfer{Handle: 1, DeliveryID: Some(uint32(1)), DeliveryTag: make([]byte, 16)}
	b, _, err := AppendTransfer([]byte{7}, 0, &tr, []byte("x"), 20)
	var ae *Error
	if !errors.As(err, &ae) || ae.Condition != ConditionFrameSizeTooSmall || !bytes.Equal(b, []byte{7}) {
		t.Fatalf("got % x, %v; want amqp:frame-size-too-small and the buffer unchanged", b, err)
	}
}

func TestProtoHeaders(t *testing.T) {
	h, err := ReadProtoHeader(bytes.NewReader(hx(`"AMQP" 03 01 00 00`)))
	if err != nil || h != ProtoHeaderFor(ProtoSASL) || !h.IsAMQP10() || h.String() != "AMQP 3 1 0 0" {
		t.Fatalf("got %v, %v", h, err)
	}
	if _, err := ReadProtoHeader(bytes.NewReader([]byte("HTTP/1.1"))); ConditionOf(err) != ConditionFramingError {
		t.Fatalf("got %v, want a framing error", err)
	}
	if !bytes.Equal(ProtoHeaderFor(ProtoAMQP).Bytes(), hx(`"AMQP" 00 01 00 00`)) {
		t.Fatal("wrong AMQP header bytes")
	}
}

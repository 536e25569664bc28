package amqpserver

import (
	"context"
	"io"
	"net"
	"testing"
	"time"

	"github.com/hubspec/hubspec/internal/amqpwire"
)

// FuzzServeConn feeds arbitrary bytes to a connection: the protocol header
// exchange, the SASL layer and the AMQP frames after it. The server must not
// panic, must not hang and must end the connection. Seeds are complete
// exchanges (testdata/fuzz/FuzzServeConn/ and fuzzSeeds). Run it with:
//
//	go test ./internal/amqpserver -run '^$' -fuzz '^FuzzServeConn$' -fuzztime 5m
func FuzzServeConn(f *testing.F) {
	for _, s := range fuzzSeeds() {
		f.Add(s)
	}
	mux, _ := queueWith(3)
	mux.Handle("/sink", &sink{settle: accept})
	f.Fuzz(func(t *testing.T, b []byte) {
		srv, err := NewServer(Options{
			PlainAuthenticator: testPlainAuth, HandshakeTimeout: time.Second, CloseTimeout: 10 * time.Millisecond,
			IdleTimeout: -1, MaxFrameSize: 4096,
			NewConnHandler: func(*Conn) (ConnHandler, error) { return ConnHandler{Nodes: mux}, nil },
		})
		if err != nil {
			t.Fatal(err)
		}
		client, server := net.Pipe()
		served := make(chan error, 1)
		go func() { served <- srv.ServeConn(context.Background(), server) }()
		go func() { _, _ = io.Copy(io.Discard, client) }()
		_, _ = client.Write(b)
		_ = client.Close()
		select {
		case <-served:
		case <-time.After(10 * time.Second):
			t.Fatalf("ServeConn did not end after the peer hung up; input % x", b)
		}
		_ = srv.Close()
	})
}

// fuzzSeeds are whole conversations: bare AMQP and SASL PLAIN, each with a
// session, links both ways, credit, a delivery and a disposition.
func fuzzSeeds() [][]byte {
	conversation := func(prefix []byte) []byte {
		b := append([]byte(nil), prefix...)
		b = append(b, amqpwire.ProtoHeaderFor(amqpwire.ProtoAMQP).Bytes()...)
		for _, p := range []amqpwire.Performative{
			&amqpwire.Open{ContainerID: "fuzz", MaxFrameSize: 4096, ChannelMax: 3},
			&amqpwire.Begin{IncomingWindow: 100, OutgoingWindow: 100, HandleMax: 10},
			&amqpwire.Attach{Name: "s", Role: amqpwire.RoleSender, Target: &amqpwire.Target{Address: "/sink"}, InitialDeliveryCount: amqpwire.Some(uint32(0))},
			&amqpwire.Transfer{DeliveryID: amqpwire.Some(uint32(0)), DeliveryTag: []byte("t"), Payload: payload("hello")},
			&amqpwire.Attach{Name: "r", Handle: 1, Role: amqpwire.RoleReceiver, Source: &amqpwire.Source{Address: "/q"}},
			&amqpwire.Flow{IncomingWindow: 100, OutgoingWindow: 100, Handle: amqpwire.Some(uint32(1)), LinkCredit: amqpwire.Some(uint32(5)), Drain: true},
			&amqpwire.Disposition{Role: amqpwire.RoleReceiver, First: 0, Last: amqpwire.Some(uint32(2)), Settled: true, State: amqpwire.Accepted{}},
			&amqpwire.Detach{Handle: 1, Closed: true},
			&amqpwire.End{},
			&amqpwire.Close{},
		} {
			b, _ = amqpwire.AppendFrame(b, 0, p)
		}
		return b
	}
	sasl := amqpwire.ProtoHeaderFor(amqpwire.ProtoSASL).Bytes()
	sasl, _ = amqpwire.AppendFrame(sasl, 0, &amqpwire.SASLInit{Mechanism: "PLAIN", InitialResponse: []byte("\x00" + testPolicy + "\x00" + testToken)})
	anon := amqpwire.ProtoHeaderFor(amqpwire.ProtoSASL).Bytes()
	anon, _ = amqpwire.AppendFrame(anon, 0, &amqpwire.SASLInit{Mechanism: "MSSBCBS", InitialResponse: []byte{}})
	return [][]byte{conversation(nil), conversation(sasl), conversation(anon), []byte("AMQP\x03\x01\x00\x00")}
}

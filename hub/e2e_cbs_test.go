package hub

import (
	"strings"
	"testing"
	"time"

	"github.com/Azure/go-amqp"
	"github.com/hubspec/hubspec/hub/internal/amqptest"
)

// The reply's correlation-id keeps the AMQP type of the request's message-id
// (Node compares strings with ===, uamqp reads a ulong), and status-code is an
// AMQP int.
func TestCBSReplyCorrelation(t *testing.T) {
	h := startHub(t, Options{})
	owner := parse(t, h.ConnectionString())
	token, _ := owner.Token(time.Now().Add(time.Hour))
	c, err := amqptest.OpenUnauthenticated(h.ctx, h.amqp)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	for _, id := range []any{"ff74548c-node-string", uint64(7), amqp.UUID{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}, []byte("binary-id")} {
		r, err := c.CBS.Request(h.ctx, putTokenRequest(id, "servicebus.windows.net:sastoken", token))
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := r.Status.(int32); !ok || r.StatusCode() != 200 || r.Description != "OK" {
			t.Errorf("message-id %T: status %#v %q, want int32 200 OK", id, r.Status, r.Description)
		}
		if !sameID(r.CorrelationID, id) {
			t.Errorf("correlation-id = %#v, want %#v with the same type", r.CorrelationID, id)
		}
	}
}

func sameID(a, b any) bool {
	if ab, ok := a.([]byte); ok {
		bb, ok := b.([]byte)
		return ok && string(ab) == string(bb)
	}
	return a == b
}

// putTokenRequest builds a put-token as the SDKs do.
func putTokenRequest(id any, typ string, token any) *amqp.Message {
	return &amqp.Message{
		Properties:            &amqp.MessageProperties{MessageID: id},
		ApplicationProperties: map[string]any{"operation": "put-token", "type": typ, "name": "localhost"},
		Value:                 token,
	}
}

// A malformed CBS request gets status 400, correlated, and the connection
// keeps serving.
func TestMalformedCBSRequests(t *testing.T) {
	h := startHub(t, Options{})
	owner := parse(t, h.ConnectionString())
	token, _ := owner.Token(time.Now().Add(time.Hour))
	noOp := putTokenRequest("no-op", "servicebus.windows.net:sastoken", token)
	delete(noOp.ApplicationProperties, "operation")
	deleteToken := putTokenRequest("delete", "servicebus.windows.net:sastoken", token)
	deleteToken.ApplicationProperties["operation"] = "delete-token"
	tests := []struct {
		name string
		req  *amqp.Message
		want string
	}{
		{"no operation", noOp, "operation"},
		{"another operation", deleteToken, "delete-token"},
		{"a JWT", putTokenRequest("jwt", "jwt", token), "token type"},
		{"no token", putTokenRequest("empty", "servicebus.windows.net:sastoken", nil), "SAS token"},
		{"a token that is not SAS", putTokenRequest("garbage", "servicebus.windows.net:sastoken", "Bearer abc"), "SharedAccessSignature"},
	}
	c, err := amqptest.OpenUnauthenticated(h.ctx, h.amqp)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	for _, tc := range tests {
		r, err := c.CBS.Request(h.ctx, tc.req)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		wantStatus := 400
		if tc.name == "a token that is not SAS" {
			wantStatus = 401
		}
		if r.StatusCode() != wantStatus || !strings.Contains(r.Description, tc.want) || r.CorrelationID != tc.req.Properties.MessageID {
			t.Errorf("%s: reply %v %q correlated to %v, want %d mentioning %q", tc.name, r.Status, r.Description, r.CorrelationID, wantStatus, tc.want)
		}
	}
	// The type is compared case-insensitively, and .NET's IoT Hub type works.
	r, err := c.CBS.Request(h.ctx, putTokenRequest("dotnet", "Azure-Devices.NET:SasToken", token))
	if err != nil || r.StatusCode() != 200 {
		t.Fatalf("put-token with azure-devices.net:sastoken after the bad ones: %v %v", r, err)
	}
}

// Addresses are normalised as spec §3 says: amqps://host[:port] prefixes and
// any case, as the .NET and C SDKs write them.
func TestAbsoluteAddresses(t *testing.T) {
	h := startHub(t, Options{})
	dev := h.device("dev:1")
	c := h.client(parse(t, h.ConnectionString()))
	snd, err := c.Session.NewSender(h.ctx, "amqps://localhost:5671/messages/deviceBound", nil)
	if err != nil {
		t.Fatalf(".NET-style sender address: %v", err)
	}
	if _, err := c.Session.NewReceiver(h.ctx, "amqps://localhost/messages/servicebound/feedback", &amqp.ReceiverOptions{Credit: 1}); err != nil {
		t.Fatalf("C-style feedback address: %v", err)
	}
	m := amqptest.C2D("dev:1", []byte("encoded id"), "")
	m.Properties.To = ptr("amqps://localhost:5671/devices/dev%3A1/messages/deviceBound")
	if err := snd.Send(h.ctx, m, nil); err != nil {
		t.Fatalf("send with a .NET-style to: %v", err)
	}
	d := h.client(dev)
	rcv, err := d.Session.NewReceiver(h.ctx, "amqps://localhost:5671/devices/dev%3A1/messages/deviceBound", &amqp.ReceiverOptions{Credit: 1})
	if err != nil {
		t.Fatalf(".NET-style device address: %v", err)
	}
	if got := h.receive(rcv); string(got.GetData()) != "encoded id" {
		t.Errorf("got %q", got.GetData())
	}
}

func TestBadTo(t *testing.T) {
	h := startHub(t, Options{})
	h.device("dev1")
	svc := h.service()
	tests := []struct {
		to, want string
	}{
		{"", "com.microsoft:argument-error"},
		{"/devices/dev1/messages/events", "com.microsoft:argument-error"},
		{"/devices/dev1/modules/m1/messages/devicebound", "amqp:not-implemented"},
	}
	for _, tc := range tests {
		m := amqptest.C2D("dev1", []byte("x"), "")
		m.Properties.To = nil
		if tc.to != "" {
			m.Properties.To = ptr(tc.to)
		}
		wantCondition(t, "to "+tc.to, svc.send(m), tc.want)
	}
	bad := amqptest.C2D("dev1", []byte("x"), "sometimes")
	wantCondition(t, "iothub-ack sometimes", svc.send(bad), "com.microsoft:argument-error")
	if n := h.queueDepth("dev1"); n != 0 {
		t.Errorf("queue depth = %d after refused sends", n)
	}
}

func TestUnsupportedAddresses(t *testing.T) {
	h := startHub(t, Options{})
	dev := h.device("dev1")
	c := h.client(dev)
	_, err := c.Session.NewSender(h.ctx, "/devices/dev1/messages/events", nil)
	wantCondition(t, "telemetry", err, "amqp:not-implemented")
	_, err = c.Session.NewReceiver(h.ctx, "/nowhere", nil)
	wantCondition(t, "an unknown address", err, "amqp:not-found")
}

package amqphead

import (
	"errors"
	"strings"
	"testing"

	"github.com/hubspec/hubspec/internal/amqpwire"
)

const testToken = "SharedAccessSignature sr=localhost&sig=abc%3D&se=1700000000&skn=iothubowner"

// encodeCBS builds a put-token request as the SDKs send it, changed by edit.
func encodeCBS(t testing.TB, edit func(m *amqpwire.Message)) []byte {
	t.Helper()
	m := &amqpwire.Message{
		Properties: &amqpwire.Properties{MessageID: "id-1", To: "$cbs", ReplyTo: "cbs"},
		ApplicationProperties: amqpwire.Map{
			{Key: "operation", Value: "put-token"},
			{Key: "type", Value: "servicebus.windows.net:sastoken"},
			{Key: "name", Value: "localhost"},
		},
		Value: testToken, HasValue: true,
	}
	if edit != nil {
		edit(m)
	}
	b, err := m.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestParsePutToken(t *testing.T) {
	tests := []struct {
		name    string
		edit    func(m *amqpwire.Message)
		wantErr string // "" for a valid request
	}{
		{"Node", nil, ""},
		{"symbols and binary (uamqp, pyamqp)", func(m *amqpwire.Message) {
			m.ApplicationProperties = amqpwire.Map{
				{Key: amqpwire.Symbol("operation"), Value: amqpwire.Symbol("put-token")},
				{Key: "type", Value: []byte("servicebus.windows.net:sastoken")},
				{Key: "name", Value: []byte("localhost")},
				{Key: "expiration", Value: uint32(1700000000)},
			}
			m.Properties.MessageID = uint64(3)
		}, ""},
		{".NET device type", func(m *amqpwire.Message) { m.ApplicationProperties[1].Value = "azure-devices.net:sastoken" }, ""},
		{"token in a data section", func(m *amqpwire.Message) { m.HasValue, m.Value, m.Data = false, nil, [][]byte{[]byte(testToken)} }, ""},
		{"no operation", func(m *amqpwire.Message) { m.ApplicationProperties = m.ApplicationProperties[1:] }, "operation"},
		{"delete-token", func(m *amqpwire.Message) { m.ApplicationProperties[0].Value = "delete-token" }, "delete-token"},
		{"jwt", func(m *amqpwire.Message) { m.ApplicationProperties[1].Value = "jwt" }, "jwt"},
		{"no body", func(m *amqpwire.Message) { m.HasValue, m.Value = false, nil }, "amqp-value"},
		{"number body", func(m *amqpwire.Message) { m.Value = int32(5) }, "amqp-value"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			req, err := parsePutToken(encodeCBS(t, tc.edit))
			if tc.wantErr == "" {
				if err != nil || req.Token != testToken {
					t.Fatalf("got %+v, %v; want the token", req, err)
				}
				return
			}
			if !errors.Is(err, errBadCBSRequest) || !strings.Contains(err.Error(), tc.wantErr) {
				t.Fatalf("error %v, want a bad request mentioning %q", err, tc.wantErr)
			}
			if req.MessageID == nil {
				t.Error("a bad request lost its message-id, so the refusal cannot be correlated")
			}
		})
	}
}

func TestParsePutTokenUndecodable(t *testing.T) {
	_, err := parsePutToken([]byte{0x00, 0x53, 0x77, 0xa1, 0xff})
	var de *amqpwire.DecodeError
	if !errors.As(err, &de) {
		t.Fatalf("got %v, want a decode error", err)
	}
}

func TestCBSReplyEncoding(t *testing.T) {
	m, err := amqpwire.UnmarshalMessage(cbsReply(amqpwire.UUID{1}, 401, "expired"))
	if err != nil {
		t.Fatal(err)
	}
	if m.Properties.CorrelationID != (amqpwire.UUID{1}) {
		t.Errorf("correlation-id = %#v", m.Properties.CorrelationID)
	}
	if v, _ := m.ApplicationProperties.Lookup("status-code"); v != int32(401) {
		t.Errorf("status-code = %#v, want int32 401", v)
	}
	// An id the codec cannot write still gets an (uncorrelated) answer.
	if _, err := amqpwire.UnmarshalMessage(cbsReply(struct{}{}, 400, "x")); err != nil {
		t.Errorf("reply with an unencodable id: %v", err)
	}
}

// FuzzParsePutToken feeds arbitrary bytes to the CBS request parser: it must
// never panic, and whatever it accepts has a token.
func FuzzParsePutToken(f *testing.F) {
	f.Add(encodeCBS(f, nil))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, payload []byte) {
		req, err := parsePutToken(payload)
		if err == nil && req.Token == "" {
			t.Fatal("accepted a request without a token")
		}
	})
}

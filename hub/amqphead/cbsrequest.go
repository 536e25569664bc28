package amqphead

import (
	"errors"
	"fmt"
	"strings"

	"github.com/hubspec/hubspec/internal/amqpwire"
)

// The token types a put-token may carry (spec §2.4): the Service Bus name the
// Node, C and Python SDKs send, and IoT Hub's own that Microsoft.Azure.Amqp
// sends for .NET devices.
var tokenTypes = []string{"servicebus.windows.net:sastoken", "azure-devices.net:sastoken"}

// putToken is a CBS put-token request.
type putToken struct {
	// MessageID is the request's message-id with its AMQP type, which the
	// reply's correlation-id must keep.
	MessageID any
	// Audience is the name the client gave; never trusted (spec §2.4).
	Audience string
	// Token is the SAS token from the amqp-value body.
	Token string
}

// errBadCBSRequest marks a request that decodes but is not a valid put-token:
// it is answered with status 400.
var errBadCBSRequest = errors.New("bad CBS request")

// parsePutToken reads a CBS request. A payload that is not an AMQP message
// gives an *amqpwire.DecodeError; a message that is not a put-token gives an
// error wrapping errBadCBSRequest, with the message-id when there is one so
// that the refusal can be correlated.
func parsePutToken(payload []byte) (putToken, error) {
	m, err := amqpwire.UnmarshalMessage(payload)
	if err != nil {
		return putToken{}, err
	}
	var req putToken
	if m.Properties != nil {
		req.MessageID = m.Properties.MessageID
	}
	if err := req.read(m); err != nil {
		return req, fmt.Errorf("%w: %w", errBadCBSRequest, err)
	}
	return req, nil
}

func (r *putToken) read(m *amqpwire.Message) error {
	props := m.ApplicationProperties
	if op := text(lookup(props, "operation")); !strings.EqualFold(op, "put-token") {
		return fmt.Errorf("operation %q is not supported (only put-token)", clip(op))
	}
	if typ := text(lookup(props, "type")); !isTokenType(typ) {
		return fmt.Errorf("token type %q is not supported (want %s)", clip(typ), strings.Join(tokenTypes, " or "))
	}
	r.Audience = text(lookup(props, "name"))
	r.Token = tokenBody(m)
	if r.Token == "" {
		return errors.New("the body must be an amqp-value string holding the SAS token")
	}
	return nil
}

func isTokenType(t string) bool {
	for _, want := range tokenTypes {
		if strings.EqualFold(t, want) {
			return true
		}
	}
	return false
}

func lookup(m amqpwire.Map, name string) any {
	v, _ := m.Lookup(name)
	return v
}

// text reads a string, symbol or binary value (clients differ, spec §2.4).
func text(v any) string {
	switch s := v.(type) {
	case string:
		return s
	case amqpwire.Symbol:
		return string(s)
	case []byte:
		return string(s)
	}
	return ""
}

// tokenBody reads the token: an amqp-value string as every SDK sends it, or,
// leniently, binary in an amqp-value or a single data section.
func tokenBody(m *amqpwire.Message) string {
	if m.HasValue {
		return text(m.Value)
	}
	if len(m.Data) == 1 {
		return string(m.Data[0])
	}
	return ""
}

// clip keeps a client's value short enough to quote in a reply.
func clip(s string) string {
	const max = 64
	if len(s) > max {
		return s[:max] + "…"
	}
	return s
}

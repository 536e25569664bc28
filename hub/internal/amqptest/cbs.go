package amqptest

import (
	"context"
	"fmt"
	"sync/atomic"

	"github.com/Azure/go-amqp"
)

// CBS is a $cbs request link and reply link on one session, as the Node SDKs
// attach them.
type CBS struct {
	snd  *amqp.Sender
	rcv  *amqp.Receiver
	next atomic.Uint64
}

// NewCBS attaches the $cbs links on sess.
func NewCBS(ctx context.Context, sess *amqp.Session) (*CBS, error) {
	snd, err := sess.NewSender(ctx, "$cbs", nil)
	if err != nil {
		return nil, fmt.Errorf("attach $cbs sender: %w", err)
	}
	rcv, err := sess.NewReceiver(ctx, "$cbs", &amqp.ReceiverOptions{Credit: 10})
	if err != nil {
		return nil, fmt.Errorf("attach $cbs receiver: %w", err)
	}
	return &CBS{snd: snd, rcv: rcv}, nil
}

// Reply is the hub's answer to a CBS request.
type Reply struct {
	Status        any // the status-code as decoded: int32 when the hub follows spec §2.4
	Description   string
	CorrelationID any
}

// StatusCode is the status as an int, or -1 when it is not an AMQP int.
func (r Reply) StatusCode() int {
	if s, ok := r.Status.(int32); ok {
		return int(s)
	}
	return -1
}

// PutToken sends a put-token request with a string message-id, as Node.
func (c *CBS) PutToken(ctx context.Context, audience, token string) (Reply, error) {
	id := fmt.Sprintf("put-token-%d", c.next.Add(1))
	return c.Request(ctx, &amqp.Message{
		Properties: &amqp.MessageProperties{MessageID: id, To: ptr("$cbs"), ReplyTo: ptr("cbs")},
		ApplicationProperties: map[string]any{
			"operation": "put-token", "type": "servicebus.windows.net:sastoken", "name": audience,
		},
		Value: token,
	})
}

// Request sends any request and waits for the reply, which it accepts.
func (c *CBS) Request(ctx context.Context, req *amqp.Message) (Reply, error) {
	if err := c.snd.Send(ctx, req, nil); err != nil {
		return Reply{}, fmt.Errorf("CBS request: %w", err)
	}
	m, err := c.rcv.Receive(ctx, nil)
	if err != nil {
		return Reply{}, fmt.Errorf("CBS reply: %w", err)
	}
	_ = c.rcv.AcceptMessage(ctx, m)
	r := Reply{Status: m.ApplicationProperties["status-code"]}
	r.Description, _ = m.ApplicationProperties["status-description"].(string)
	if m.Properties != nil {
		r.CorrelationID = m.Properties.CorrelationID
	}
	return r, nil
}

func ptr[T any](v T) *T { return &v }

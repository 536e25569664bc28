package iothub

import (
	"context"
	"fmt"
	"sync"

	"github.com/Azure/go-amqp"
)

// The claims-based security node (spec §2.4).
const (
	cbsAddress   = "$cbs"
	cbsTokenType = "servicebus.windows.net:sastoken"
	cbsCredit    = 100
)

// cbsClient puts SAS tokens on one AMQP connection over the $cbs request
// and reply links. Requests may be concurrent; replies are matched to them by
// correlation id. It owns one goroutine, the reply reader, stopped by close.
type cbsClient struct {
	session  *amqp.Session
	sender   *amqp.Sender
	receiver *amqp.Receiver

	mu      sync.Mutex
	pending map[string]chan cbsReply
	err     error // set once the reply link is gone
	done    chan struct{}
}

type cbsReply struct {
	status      int
	description string
}

// openCBS attaches the $cbs links on a session of their own.
func openCBS(ctx context.Context, conn *amqp.Conn) (*cbsClient, error) {
	session, err := conn.NewSession(ctx, nil)
	if err != nil {
		return nil, err
	}
	c := &cbsClient{session: session, pending: map[string]chan cbsReply{}, done: make(chan struct{})}
	if err := c.attach(ctx); err != nil {
		_ = session.Close(ctx)
		return nil, err
	}
	go c.readReplies()
	return c, nil
}

func (c *cbsClient) attach(ctx context.Context) error {
	var err error
	c.sender, err = c.session.NewSender(ctx, cbsAddress, &amqp.SenderOptions{
		Name: "hubspec-cbs-sender-" + newUUID(), Properties: clientProperties(),
	})
	if err != nil {
		return err
	}
	c.receiver, err = c.session.NewReceiver(ctx, cbsAddress, &amqp.ReceiverOptions{
		Name: "hubspec-cbs-receiver-" + newUUID(), Credit: cbsCredit, Properties: clientProperties(),
	})
	return err
}

// readReplies hands each reply to its waiting request until the link ends.
func (c *cbsClient) readReplies() {
	defer close(c.done)
	for {
		msg, err := c.receiver.Receive(context.Background(), nil)
		if err != nil {
			c.fail(err)
			return
		}
		_ = c.receiver.AcceptMessage(context.Background(), msg)
		c.deliver(msg)
	}
}

func (c *cbsClient) deliver(msg *amqp.Message) {
	if msg.Properties == nil {
		return
	}
	id := formatID(msg.Properties.CorrelationID)
	c.mu.Lock()
	ch, ok := c.pending[id]
	delete(c.pending, id)
	c.mu.Unlock()
	if ok {
		ch <- parseCBSReply(msg)
	}
}

func parseCBSReply(msg *amqp.Message) cbsReply {
	status, _ := asInt(msg.ApplicationProperties["status-code"])
	desc, _ := msg.ApplicationProperties["status-description"].(string)
	return cbsReply{status: status, description: desc}
}

func (c *cbsClient) fail(err error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.err = err
	for id, ch := range c.pending {
		close(ch)
		delete(c.pending, id)
	}
}

// putToken puts token for audience and waits for the hub's answer. A status
// other than 200 is an *Error (401 is ErrUnauthorized).
func (c *cbsClient) putToken(ctx context.Context, audience string, token SASToken, deviceID string) error {
	id := newUUID()
	ch, err := c.expect(id)
	if err != nil {
		return mapAMQPError("put-token", deviceID, deviceSide, err)
	}
	defer c.forget(id)
	if err := c.sender.Send(ctx, putTokenRequest(id, audience, token), nil); err != nil {
		return mapAMQPError("put-token", deviceID, deviceSide, err)
	}
	select {
	case reply, ok := <-ch:
		if !ok {
			return mapAMQPError("put-token", deviceID, deviceSide, c.linkErr())
		}
		return reply.err(deviceID)
	case <-ctx.Done():
		return fmt.Errorf("iothub: put-token%s: waiting for the hub's reply: %w", forDevice(deviceID), ctx.Err())
	}
}

func (c *cbsClient) expect(id string) (chan cbsReply, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.err != nil {
		return nil, c.err
	}
	ch := make(chan cbsReply, 1)
	c.pending[id] = ch
	return ch, nil
}

func (c *cbsClient) forget(id string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.pending, id)
}

func (c *cbsClient) linkErr() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.err
}

func putTokenRequest(id, audience string, token SASToken) *amqp.Message {
	to, replyTo := cbsAddress, "cbs"
	return &amqp.Message{
		Properties: &amqp.MessageProperties{MessageID: id, To: &to, ReplyTo: &replyTo},
		ApplicationProperties: map[string]any{
			"operation": "put-token",
			"type":      cbsTokenType,
			"name":      audience,
		},
		Value: token.Token(),
	}
}

// err is the reply as an error: nil for 200.
func (r cbsReply) err(deviceID string) error {
	if r.status == 200 {
		return nil
	}
	return &Error{
		Op: "put-token", DeviceID: deviceID, Kind: kindOfStatus(r.status),
		StatusCode: r.status, Description: r.description,
	}
}

// wait returns once the reply reader has stopped: after the connection
// closed.
func (c *cbsClient) wait() { <-c.done }

func asInt(v any) (int, bool) {
	switch n := v.(type) {
	case int32:
		return int(n), true
	case int64:
		return int(n), true
	case int:
		return n, true
	case int16:
		return int(n), true
	case int8:
		return int(n), true
	}
	if u, ok := asUint64(v); ok {
		return int(min(u, 1<<31-1)), true
	}
	return 0, false
}

package iothub

import (
	"context"
	"fmt"
	"sync"

	"github.com/Azure/go-amqp"
)

// feedbackAddress is the hub-wide feedback queue, spelled as the Node SDK does.
const feedbackAddress = "/messages/serviceBound/feedback"

// ServiceClient sends C2D messages and reads delivery feedback over AMQP, as
// the official service SDKs do: one connection authenticated over $cbs with
// a hub policy token (renewed before expiry), a sender link to
// /messages/devicebound, and feedback receivers. Send is safe for concurrent
// use and pipelines: up to Options.MaxInFlight sends await the hub's
// disposition at once on the one link.
type ServiceClient struct {
	hostName string
	conn     *connection
	opts     Options
	sender   *linkSlot[*amqp.Sender]
	inFlight chan struct{}

	mu        sync.Mutex
	receivers map[*FeedbackReceiver]struct{}
}

// NewServiceClient connects with a service connection string (a hub policy
// with ServiceConnect) to Options.AMQPAddr, else HostName, and attaches the
// sender link.
func NewServiceClient(ctx context.Context, cs ConnectionString, opts *Options) (*ServiceClient, error) {
	id, err := serviceIdentity(cs, "a service client")
	if err != nil {
		return nil, err
	}
	o := opts.withDefaults()
	conn, err := dialConnection(ctx, "service", newEndpoint(cs.HostName, "", o.AMQPAddr, "5671"), o, []*identity{id})
	if err != nil {
		return nil, err
	}
	c := &ServiceClient{hostName: cs.HostName, conn: conn, opts: o,
		inFlight: make(chan struct{}, o.MaxInFlight), receivers: map[*FeedbackReceiver]struct{}{}}
	c.sender = newLinkSlot(conn, c.openSender)
	conn.restore = c.restore
	if _, _, err := c.sender.get(ctx); err != nil {
		_ = conn.close(context.WithoutCancel(ctx))
		return nil, opError("attach C2D sender", "", serviceSide, err)
	}
	return c, nil
}

func (c *ServiceClient) openSender(ctx context.Context, s *amqp.Session) (*amqp.Sender, error) {
	snd, err := s.NewSender(ctx, deviceBoundAddress, &amqp.SenderOptions{
		Name: "hubspec-c2d-sender-" + newUUID(), Properties: clientProperties(),
	})
	if err != nil {
		return nil, mapAMQPError("attach C2D sender", "", serviceSide, err)
	}
	return snd, nil
}

// Send sends m to deviceID and waits for the hub to accept it. A refusal is
// an *Error: ErrDeviceNotFound, ErrDeviceMaximumQueueDepthExceeded,
// ErrMessageTooLarge, ErrUnauthorized and the rest of spec §9, with the
// hub's tracking id. Throttling, server faults and lost connections are
// retried with back-off under Options.Retry; Options.SendRate paces every
// attempt.
func (c *ServiceClient) Send(ctx context.Context, deviceID string, m *Message) error {
	if deviceID == "" {
		return &Error{Op: "send", Kind: ErrArgument, Description: "no device id"}
	}
	if m == nil {
		return &Error{Op: "send", DeviceID: deviceID, Kind: ErrArgument, Description: "no message"}
	}
	if err := m.validate(); err != nil {
		return err
	}
	return retry(ctx, c.opts.Clock, c.opts.Retry, func(ctx context.Context) error {
		return c.sendOnce(ctx, deviceID, m)
	})
}

func (c *ServiceClient) sendOnce(ctx context.Context, deviceID string, m *Message) error {
	if err := c.opts.SendRate.Wait(ctx); err != nil {
		return err
	}
	select {
	case c.inFlight <- struct{}{}:
		defer func() { <-c.inFlight }()
	case <-ctx.Done():
		return fmt.Errorf("iothub: send (device %s): waiting for a free send slot: %w", deviceID, ctx.Err())
	}
	sender, gen, err := c.sender.get(ctx)
	if err != nil {
		return opError("send", deviceID, serviceSide, err)
	}
	raw := toAMQP(deviceID, m, c.opts.Clock.Now())
	if err := checkSize(sender, raw, deviceID); err != nil {
		return err
	}
	err = mapConnError("send", deviceID, serviceSide, sender.Send(ctx, raw, nil))
	if isLinkLoss(err) {
		c.sender.drop(ctx, gen)
	}
	return err
}

// checkSize refuses a message over the link's max-message-size before
// sending, as the hub would.
func checkSize(sender *amqp.Sender, raw *amqp.Message, deviceID string) error {
	limit := sender.MaxMessageSize()
	if limit == 0 {
		return nil
	}
	b, err := raw.MarshalBinary()
	if err != nil {
		return &Error{Op: "send", DeviceID: deviceID, Kind: ErrArgument, Description: "cannot encode the message: " + err.Error(), Err: err}
	}
	if uint64(len(b)) > limit {
		return &Error{Op: "send", DeviceID: deviceID, Kind: ErrMessageTooLarge,
			Description: fmt.Sprintf("the message is %d bytes; the link allows %d", len(b), limit)}
	}
	return nil
}

// isLinkLoss reports whether err ended the link it came on (the hub detached
// it, or the connection went), so the link must be attached again.
func isLinkLoss(err error) bool {
	if err == nil {
		return false
	}
	var le *amqp.LinkError
	var ce *amqp.ConnError
	var se *amqp.SessionError
	return asAny(err, &le) || asAny(err, &ce) || asAny(err, &se)
}

// restore re-attaches the sender and the feedback receivers after a reconnect.
func (c *ServiceClient) restore(ctx context.Context, _ *generation) {
	_, _, _ = c.sender.get(ctx)
	c.mu.Lock()
	receivers := make([]*FeedbackReceiver, 0, len(c.receivers))
	for r := range c.receivers {
		receivers = append(receivers, r)
	}
	c.mu.Unlock()
	for _, r := range receivers {
		_, _, _ = r.slot.get(ctx)
	}
}

// Close detaches every link and closes the connection.
func (c *ServiceClient) Close(ctx context.Context) error {
	return c.conn.close(ctx)
}

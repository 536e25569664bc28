package amqptest

import (
	"context"
	"crypto/tls"
	"fmt"
	"net/url"
	"time"

	"github.com/Azure/go-amqp"
)

// Hub is how to reach a hub: its AMQP address and the TLS configuration that
// trusts it (with the hub's host name as server name).
type Hub struct {
	Addr string
	TLS  *tls.Config
}

// Dial opens a TLS connection to the hub's AMQP head with a bare AMQP header
// (no SASL), as the Node SDKs do, unless opts asks for SASL.
func Dial(ctx context.Context, h Hub, opts *amqp.ConnOptions) (*amqp.Conn, error) {
	o := amqp.ConnOptions{}
	if opts != nil {
		o = *opts
	}
	if o.TLSConfig == nil {
		o.TLSConfig = h.TLS
	}
	if o.HostName == "" {
		o.HostName = h.TLS.ServerName
	}
	return amqp.Dial(ctx, "amqps://"+h.Addr, &o)
}

// Client is one connection with one session and its $cbs links.
type Client struct {
	Conn    *amqp.Conn
	Session *amqp.Session
	CBS     *CBS
}

// Open dials, begins a session, attaches $cbs and puts a token for cs valid
// for an hour. A refused token is an error naming the status.
func Open(ctx context.Context, h Hub, cs ConnectionString) (*Client, error) {
	c, err := OpenUnauthenticated(ctx, h)
	if err != nil {
		return nil, err
	}
	if err := c.Authenticate(ctx, cs, time.Now().Add(time.Hour)); err != nil {
		_ = c.Close()
		return nil, err
	}
	return c, nil
}

// OpenUnauthenticated dials and attaches $cbs without putting a token.
func OpenUnauthenticated(ctx context.Context, h Hub) (*Client, error) {
	conn, err := Dial(ctx, h, nil)
	if err != nil {
		return nil, err
	}
	c := &Client{Conn: conn}
	if c.Session, err = conn.NewSession(ctx, nil); err == nil {
		c.CBS, err = NewCBS(ctx, c.Session)
	}
	if err != nil {
		_ = conn.Close()
		return nil, err
	}
	return c, nil
}

// Authenticate puts a token for cs that expires at expiry.
func (c *Client) Authenticate(ctx context.Context, cs ConnectionString, expiry time.Time) error {
	token, err := cs.Token(expiry)
	if err != nil {
		return err
	}
	r, err := c.CBS.PutToken(ctx, cs.Audience(), token)
	if err != nil {
		return err
	}
	if r.StatusCode() != 200 {
		return fmt.Errorf("put-token refused: %v %s", r.Status, r.Description)
	}
	return nil
}

// Close closes the connection.
func (c *Client) Close() error { return c.Conn.Close() }

// DeviceBound is a device's C2D address.
func DeviceBound(deviceID string) string {
	return "/devices/" + url.PathEscape(deviceID) + "/messages/devicebound"
}

// Addresses of the service side.
const (
	SendAddress     = "/messages/devicebound"
	FeedbackAddress = "/messages/serviceBound/feedback" // Node's spelling, capital B
)

// NewSender attaches a C2D sender to /messages/devicebound.
func (c *Client) NewSender(ctx context.Context) (*amqp.Sender, error) {
	return c.Session.NewSender(ctx, SendAddress, nil)
}

// NewReceiver attaches a receiver (a device's C2D link or the feedback link)
// with the given credit, settling by hand.
func (c *Client) NewReceiver(ctx context.Context, address string, credit int32) (*amqp.Receiver, error) {
	return c.Session.NewReceiver(ctx, address, &amqp.ReceiverOptions{Credit: credit})
}

// C2D is a C2D message to deviceID as the Node service SDK builds it.
func C2D(deviceID string, body []byte, ack string) *amqp.Message {
	m := amqp.NewMessage(body)
	m.Properties = &amqp.MessageProperties{To: ptr(DeviceBound(deviceID))}
	if ack != "" {
		m.ApplicationProperties = map[string]any{"iothub-ack": ack}
	}
	return m
}

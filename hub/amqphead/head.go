package amqphead

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"net"
	"time"

	"github.com/hubspec/hubspec/hub/core"
	"github.com/hubspec/hubspec/internal/amqpserver"
)

// Options configures a Head. A zero field takes the default in its comment.
type Options struct {
	// ContainerID is the container-id of the hub's open. Default:
	// "DeviceGateway_" and 32 hex digits, as IoT Hub.
	ContainerID string

	// IdleTimeout is advertised in open; a peer silent for longer is closed.
	// Default 240 s, as IoT Hub.
	IdleTimeout time.Duration

	// MaxIdentities bounds the tokens one connection may hold at once (one
	// per device it multiplexes, plus the service's). Default 10000.
	MaxIdentities int

	// Clock is the time source for token expiry; use the core's. Default:
	// core.SystemClock.
	Clock core.Clock

	// Logger receives one line per connection event; never a token or key.
	// Default: discard.
	Logger *slog.Logger
}

func (o Options) withDefaults() Options {
	if o.ContainerID == "" {
		var b [16]byte
		_, _ = rand.Read(b[:])
		o.ContainerID = "DeviceGateway_" + hex.EncodeToString(b[:])
	}
	if o.MaxIdentities <= 0 {
		o.MaxIdentities = 10000
	}
	if o.Clock == nil {
		o.Clock = core.SystemClock{}
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	return o
}

// Head is the hub's AMQP head: an AMQP 1.0 server whose nodes are IoT Hub's
// ($cbs, /messages/devicebound, /devices/{id}/messages/devicebound,
// /messages/servicebound/feedback) over a core.Hub.
type Head struct {
	hub   *core.Hub
	opts  Options
	clock core.Clock
	srv   *amqpserver.Server
	mux   *amqpserver.Mux
	cbs   *cbsNode
}

// New returns a head serving h. It accepts every security layer the SDKs use
// (spec §2.2): the bare AMQP header, SASL ANONYMOUS and MSSBCBS followed by
// CBS, and SASL PLAIN with a SAS token as password.
func New(h *core.Hub, opts Options) (*Head, error) {
	opts = opts.withDefaults()
	hd := &Head{hub: h, opts: opts, clock: opts.Clock}
	hd.cbs = newCBSNode(hd)
	hd.mux = hd.newMux()
	srv, err := amqpserver.NewServer(amqpserver.Options{
		ContainerID:        opts.ContainerID,
		Hostname:           h.HostName(),
		IdleTimeout:        opts.IdleTimeout,
		Security:           amqpserver.NoSASL | amqpserver.SASLAnonymous | amqpserver.SASLMSSBCBS | amqpserver.SASLPlain,
		PlainAuthenticator: plainAuthenticator(h),
		NewConnHandler:     hd.newConnHandler,
		Logger:             opts.Logger,
		// IoT Hub advertises channel-max 8191 (spec §2.3), and multiplexing clients
		// (the telemetry simulator, iothub.DeviceConnection) open a session per device:
		// allow a session on every channel, not the engine's default of 64.
		Limits: amqpserver.Limits{MaxSessions: amqpserver.DefaultChannelMax + 1},
	})
	if err != nil {
		return nil, fmt.Errorf("amqp head: %w", err)
	}
	hd.srv = srv
	return hd, nil
}

func (hd *Head) newMux() *amqpserver.Mux {
	mux := amqpserver.NewMux()
	mux.Handle("$cbs", hd.cbs)
	mux.Handle("/messages/devicebound", sendNode{hd})
	mux.Handle("/messages/servicebound/feedback", feedbackNode{hd})
	mux.Handle("/devices/{id}/messages/devicebound", deviceNode{hd})
	for pattern, n := range unsupported {
		mux.Handle(pattern, n)
	}
	return mux
}

func (hd *Head) newConnHandler(*amqpserver.Conn) (amqpserver.ConnHandler, error) {
	return amqpserver.ConnHandler{Nodes: hd.mux, SessionEnded: hd.cbs.sessionEnded}, nil
}

// Serve accepts connections on ln (pass a crypto/tls listener for AMQPS) until
// ctx ends or the head shuts down; then it returns ctx.Err() or
// amqpserver.ErrServerClosed.
func (hd *Head) Serve(ctx context.Context, ln net.Listener) error {
	return hd.srv.Serve(ctx, ln)
}

// ServeConn serves one connection until it closes.
func (hd *Head) ServeConn(ctx context.Context, nc net.Conn) error {
	return hd.srv.ServeConn(ctx, nc)
}

// Shutdown closes every connection with amqp:connection:forced, waits for the
// peers' close until ctx ends, and returns when every goroutine is gone. Close
// the core after it.
func (hd *Head) Shutdown(ctx context.Context) error { return hd.srv.Shutdown(ctx) }

// Close drops every connection at once and returns when every goroutine is
// gone.
func (hd *Head) Close() error { return hd.srv.Close() }

// NumConns is the number of connections being served.
func (hd *Head) NumConns() int { return hd.srv.NumConns() }

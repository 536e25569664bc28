package amqpserver

import (
	"context"
	"crypto/rand"
	"crypto/tls"
	"encoding/hex"
	"fmt"
	"io"
	"log/slog"
	"time"
)

// Options configures a Server. A zero field takes the default named in its
// comment; withDefaults applies them all in one place.
type Options struct {
	// ContainerID is the container-id in the server's open.
	// Default: "hubspec-" and 16 random hex digits.
	ContainerID string

	// Hostname is the hostname in the server's open. Default: none.
	Hostname string

	// MaxFrameSize is the largest frame the server accepts, advertised in open.
	// Default 65536, as IoT Hub advertises; at least 512.
	MaxFrameSize uint32

	// ChannelMax is the highest channel the peer may begin a session on,
	// advertised in open. Default 8191, as IoT Hub advertises.
	ChannelMax uint16

	// HandleMax is the highest link handle the peer may use in a session,
	// advertised in begin. Default 262143, as IoT Hub advertises.
	HandleMax uint32

	// IdleTimeout is advertised in open: a peer that sends nothing for longer is
	// closed with amqp:resource-limit-exceeded. Default 240 s, as IoT Hub
	// advertises; negative disables it.
	IdleTimeout time.Duration

	// SessionWindow is the incoming-window of every session: how many transfer
	// frames the peer may send before the server widens it again. Default 5000.
	SessionWindow uint32

	// Credit is the link credit granted on links where the peer sends, unless a
	// node's Accept says otherwise. Default 1000.
	Credit uint32

	// HandshakeTimeout bounds the protocol headers, the SASL exchange and the
	// peer's open. Default 30 s.
	HandshakeTimeout time.Duration

	// WriteTimeout bounds each write to the peer; a peer that does not read is
	// dropped after it. Default 30 s.
	WriteTimeout time.Duration

	// CloseTimeout is how long the server waits for the peer's close after
	// sending its own before dropping the connection. Default 5 s.
	CloseTimeout time.Duration

	// Limits bound what one peer can make the server hold.
	Limits Limits

	// Security lists the security layers the server accepts. Default: NoSASL,
	// SASLAnonymous and SASLMSSBCBS, plus SASLPlain when PlainAuthenticator is
	// set and SASLExternal when ExternalAuthenticator is set.
	Security SecurityLayers

	// PlainAuthenticator validates SASL PLAIN credentials. PLAIN is offered
	// only when it is set.
	PlainAuthenticator PlainAuthenticator

	// ExternalAuthenticator validates the TLS client certificate for SASL
	// EXTERNAL. EXTERNAL is offered only when it is set and the connection is
	// TLS.
	ExternalAuthenticator ExternalAuthenticator

	// NewConnHandler returns the handler of a new connection. It is called once
	// per connection, on its goroutine, after the security layer and the peer's
	// open; an error closes the connection with that error (an
	// *amqpwire.Error keeps its condition). Required.
	NewConnHandler func(c *Conn) (ConnHandler, error)

	// Logger receives a line for each connection opened and closed and for
	// each error. Passwords and tokens are never logged. Default: discard.
	Logger *slog.Logger
}

// Limits bound the state one connection can make the server hold. A zero field
// takes the default in its comment.
type Limits struct {
	// MaxSessions is the number of sessions one connection may have.
	// Default: one per channel (ChannelMax+1), since multiplexing clients open
	// a session per device.
	MaxSessions int
	// MaxLinksPerSession is the number of links one session may have. Default 256.
	MaxLinksPerSession int
	// MaxLinks is the number of links one connection may have over all its
	// sessions. Default 16384.
	MaxLinks int
	// MaxUnsettled is the number of unsettled deliveries one link may have, in
	// either direction. Default 10000.
	MaxUnsettled int
	// MaxMessageSize is the largest message the server accepts on a link unless
	// the node's Accept says otherwise, and the bound on reassembling
	// multi-frame deliveries. Default 1 MiB.
	MaxMessageSize uint64
}

// SecurityLayers is a set of security layers: a bare AMQP header (no SASL) and
// the SASL mechanisms.
type SecurityLayers uint8

// The security layers a Server may accept.
const (
	NoSASL        SecurityLayers = 1 << iota // the bare "AMQP 0 1 0 0" header, as the Node and .NET SDKs send
	SASLAnonymous                            // SASL ANONYMOUS
	SASLMSSBCBS                              // SASL MSSBCBS (empty initial response), as the C SDK sends
	SASLPlain                                // SASL PLAIN, checked by Options.PlainAuthenticator
	SASLExternal                             // SASL EXTERNAL, checked by Options.ExternalAuthenticator
)

// Identity is what an authenticator (or the hub's CBS node) established about a
// connection's peer, such as a device or a shared access policy. The engine
// keeps identities on the Conn and never looks inside them.
type Identity any

// PlainAuthenticator checks SASL PLAIN credentials and returns the identity
// they prove. Any error refuses the connection with sasl-outcome code auth;
// the error is logged, so it must not contain the password.
type PlainAuthenticator func(ctx context.Context, authzid, authcid, password string) (Identity, error)

// ExternalAuthenticator checks the TLS client certificate for SASL EXTERNAL.
type ExternalAuthenticator func(ctx context.Context, state tls.ConnectionState) (Identity, error)

// The defaults of Options and Limits.
const (
	DefaultMaxFrameSize     = 65536
	DefaultChannelMax       = 8191
	DefaultHandleMax        = 262143
	DefaultIdleTimeout      = 240 * time.Second
	DefaultSessionWindow    = 5000
	DefaultCredit           = 1000
	DefaultHandshakeTimeout = 30 * time.Second
	DefaultWriteTimeout     = 30 * time.Second
	DefaultCloseTimeout     = 5 * time.Second
	DefaultMaxLinks         = 256
	DefaultMaxConnLinks     = 16384
	DefaultMaxUnsettled     = 10000
	DefaultMaxMessageSize   = 1 << 20
)

// withDefaults returns a copy of o with every default applied, or an error for
// a setting that cannot work.
func (o Options) withDefaults() (Options, error) {
	if o.NewConnHandler == nil {
		return o, fmt.Errorf("amqpserver: Options.NewConnHandler is required")
	}
	if o.ContainerID == "" {
		o.ContainerID = "hubspec-" + randomHex(8)
	}
	if o.MaxFrameSize == 0 {
		o.MaxFrameSize = DefaultMaxFrameSize
	}
	if o.MaxFrameSize < 512 {
		return o, fmt.Errorf("amqpserver: Options.MaxFrameSize %d is below the minimum of 512", o.MaxFrameSize)
	}
	o.ChannelMax = orDefault(o.ChannelMax, DefaultChannelMax)
	o.HandleMax = orDefault(o.HandleMax, DefaultHandleMax)
	o.IdleTimeout = orDefault(o.IdleTimeout, DefaultIdleTimeout)
	o.SessionWindow = orDefault(o.SessionWindow, DefaultSessionWindow)
	o.Credit = orDefault(o.Credit, DefaultCredit)
	o.HandshakeTimeout = orDefault(o.HandshakeTimeout, DefaultHandshakeTimeout)
	o.WriteTimeout = orDefault(o.WriteTimeout, DefaultWriteTimeout)
	o.CloseTimeout = orDefault(o.CloseTimeout, DefaultCloseTimeout)
	o.Limits = o.Limits.withDefaults(int(o.ChannelMax) + 1)
	o.Security = o.securityWithDefaults()
	if o.Logger == nil {
		o.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	return o, nil
}

func (l Limits) withDefaults(channels int) Limits {
	l.MaxSessions = orDefault(l.MaxSessions, channels)
	l.MaxLinksPerSession = orDefault(l.MaxLinksPerSession, DefaultMaxLinks)
	l.MaxLinks = orDefault(l.MaxLinks, DefaultMaxConnLinks)
	l.MaxUnsettled = orDefault(l.MaxUnsettled, DefaultMaxUnsettled)
	l.MaxMessageSize = orDefault(l.MaxMessageSize, DefaultMaxMessageSize)
	return l
}

func (o Options) securityWithDefaults() SecurityLayers {
	s := o.Security
	if s == 0 {
		s = NoSASL | SASLAnonymous | SASLMSSBCBS | SASLPlain | SASLExternal
	}
	if o.PlainAuthenticator == nil {
		s &^= SASLPlain
	}
	if o.ExternalAuthenticator == nil {
		s &^= SASLExternal
	}
	return s
}

func orDefault[T comparable](v, def T) T {
	var zero T
	if v == zero {
		return def
	}
	return v
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

package mqtthead

import (
	"crypto/tls"
	"fmt"
	"log/slog"
	"time"

	"github.com/hubspec/hubspec/hub/core"
)

// Options configure a Head. Zero values take the defaults named on each field.
type Options struct {
	// TLSConfig, when set, makes Serve speak TLS on every listener it is given
	// (IoT Hub's MQTT is TLS only, port 8883). Nil serves listeners as they
	// are.
	TLSConfig *tls.Config
	// MaxInFlight bounds the QoS 1 C2D messages sent to one device and not yet
	// acknowledged by a PUBACK: 1 to core.MaxQueueDepth (50), default 16. A
	// delivery whose lock expired no longer counts.
	MaxInFlight int
	// ConnectTimeout is how long a new connection has to finish TLS and send
	// CONNECT. Default 10 s.
	ConnectTimeout time.Duration
	// MaxKeepAlive is the longest keep-alive a device gets; a device asking
	// for none (0) or for more gets this. Default 1767 s (29.45 min), IoT
	// Hub's ceiling (UNCONFIRMED). A connection silent for 1.5 keep-alives is
	// closed.
	MaxKeepAlive time.Duration
	// Logger receives one line per connection event (connected, refused with
	// the reason, disconnected), never a key or token. Discarded when nil.
	Logger *slog.Logger
}

// The defaults.
const (
	DefaultMaxInFlight    = 16
	DefaultConnectTimeout = 10 * time.Second
	DefaultMaxKeepAlive   = 1767 * time.Second
)

func (o Options) withDefaults() (Options, error) {
	if o.MaxInFlight == 0 {
		o.MaxInFlight = DefaultMaxInFlight
	}
	if o.ConnectTimeout == 0 {
		o.ConnectTimeout = DefaultConnectTimeout
	}
	if o.MaxKeepAlive == 0 {
		o.MaxKeepAlive = DefaultMaxKeepAlive
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	return o, o.validate()
}

func (o Options) validate() error {
	switch {
	case o.MaxInFlight < 1 || o.MaxInFlight > core.MaxQueueDepth:
		return fmt.Errorf("mqtthead: MaxInFlight is %d; it must be 1 to %d", o.MaxInFlight, core.MaxQueueDepth)
	case o.ConnectTimeout < 0:
		return fmt.Errorf("mqtthead: ConnectTimeout is %v; it must be positive", o.ConnectTimeout)
	case o.MaxKeepAlive < time.Second || o.MaxKeepAlive > 65535*time.Second:
		return fmt.Errorf("mqtthead: MaxKeepAlive is %v; it must be 1s to 65535s", o.MaxKeepAlive)
	}
	return nil
}

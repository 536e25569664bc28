package hub

import (
	"log/slog"

	"github.com/hubspec/hubspec/hub/core"
)

// Options configure an embedded hub. A zero field takes the default in its
// comment.
type Options struct {
	// HostName is the hub's host name: HostName= in connection strings, the
	// scope of SAS tokens, the hostname of the AMQP open and a name in the
	// server certificate. Default "localhost". Tokens scoped to localhost,
	// 127.0.0.1 or ::1 are accepted as well, with or without a port.
	HostName string

	// AMQPAddr is where the AMQP head listens (AMQP 1.0 over TLS, IoT Hub's
	// port 5671). Port 0 picks a free port. Default "127.0.0.1:0".
	AMQPAddr string

	// HTTPSAddr is where the HTTPS registry head listens (IoT Hub's port
	// 443). Port 0 picks a free port. Default "127.0.0.1:0".
	HTTPSAddr string

	// MQTTAddr is where the MQTT head listens (MQTT 3.1.1 over TLS, the
	// device side of IoT Hub's port 8883). Port 0 picks a free port. Default
	// "127.0.0.1:0".
	MQTTAddr string

	// Config is the hub's configuration: Azure's properties.cloudToDevice and
	// the emulator's knobs. Zero fields take the defaults of its profile
	// (fast unless Config.Emulator.Profile says azure).
	Config core.Config

	// CertFile and KeyFile name a PEM server certificate (with its chain) and
	// key to serve instead of the generated ones. Clients then trust what
	// CertFile holds (CAPEM returns it).
	CertFile, KeyFile string

	// Clock is the hub's time source. Default core.SystemClock; tests of
	// expiry and locks pass a *core.FakeClock.
	Clock core.Clock

	// Logger receives one line per connection event, never a token or key.
	// Default: discard.
	Logger *slog.Logger
}

// loopbackNames are the names every embedded hub answers to, in its
// certificate and in SAS scopes, whatever its HostName.
var loopbackNames = []string{"localhost", "127.0.0.1", "::1"}

func (o Options) withDefaults() Options {
	if o.HostName == "" {
		o.HostName = "localhost"
	}
	if o.AMQPAddr == "" {
		o.AMQPAddr = "127.0.0.1:0"
	}
	if o.HTTPSAddr == "" {
		o.HTTPSAddr = "127.0.0.1:0"
	}
	if o.MQTTAddr == "" {
		o.MQTTAddr = "127.0.0.1:0"
	}
	if o.Clock == nil {
		o.Clock = core.SystemClock{}
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	return o
}

package iothub

import (
	"crypto/x509"
	"time"
)

// Options configure every client of this package; each client reads the
// fields that concern it. The zero value reaches Azure IoT Hub at its
// HostName with the system's root certificates.
type Options struct {
	// AMQPAddr is the host:port to dial for AMQP instead of the connection
	// string's HostName (or a device's GatewayHostName). The TLS server name,
	// the token scopes and the AMQP open hostname keep using HostName. This is
	// how a client reaches an emulator on an ephemeral port.
	AMQPAddr string
	// HTTPSAddr is the host:port to dial for the registry's REST API instead
	// of HostName:443, under the same rule.
	HTTPSAddr string
	// MQTTAddr is the host:port an MQTT device dials instead of its
	// GatewayHostName or HostName on port 8883, under the same rule: the TLS
	// server name, the token scope and the MQTT username keep using HostName.
	MQTTAddr string

	// RootCAs replaces the system roots when set.
	RootCAs *x509.CertPool
	// CAFile and CAPEM add a CA certificate (PEM) to the roots: an emulator's.
	CAFile string
	CAPEM  []byte

	// TokenLifetime is how long each SAS token a client makes is valid.
	// Default one hour, as the Node SDKs.
	TokenLifetime time.Duration
	// TokenRenewalMargin is how long before expiry a live connection puts a
	// new token. Default 15 minutes, as the Node device SDK.
	TokenRenewalMargin time.Duration

	// Retry is the policy for retryable failures (throttling, server faults,
	// lost connections) and for reconnecting.
	Retry RetryPolicy
	// SendRate paces the service client's sends; nil sends as fast as the hub
	// takes them.
	SendRate *SendRate
	// MaxInFlight bounds the C2D sends awaiting the hub's disposition on one
	// service client. Default 256.
	MaxInFlight int
	// Prefetch is the link credit of a device's C2D receiver and of a
	// feedback receiver. Default 50 (a device queue holds at most 50).
	Prefetch uint32

	// OnStateChange, when set, hears every change of a connection's state
	// (connected, disconnected, reconnecting, renew-failed, closed), AMQP or
	// MQTT. It is called from the connection's own goroutine and must not
	// block.
	OnStateChange func(StateChange)

	// Clock is the source of time; nil is the real clock.
	Clock Clock
}

func (o *Options) withDefaults() Options {
	var c Options
	if o != nil {
		c = *o
	}
	if c.TokenLifetime <= 0 {
		c.TokenLifetime = time.Hour
	}
	if c.TokenRenewalMargin <= 0 || c.TokenRenewalMargin >= c.TokenLifetime {
		c.TokenRenewalMargin = c.TokenLifetime / 4
	}
	if c.MaxInFlight <= 0 {
		c.MaxInFlight = 256
	}
	if c.Prefetch == 0 {
		c.Prefetch = 50
	}
	c.Clock = clockOrSystem(c.Clock)
	return c
}

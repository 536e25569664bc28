package hub

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/hubspec/hubspec/hub/amqphead"
	"github.com/hubspec/hubspec/hub/core"
	"github.com/hubspec/hubspec/internal/amqpserver"
)

// Server is an embedded IoT Hub: the C2D core and its protocol heads, each on
// a TLS listener of its own.
type Server struct {
	opts  Options
	core  *core.Hub
	tls   *serverTLS
	heads []*head

	cancel    context.CancelFunc
	served    sync.WaitGroup
	closeOnce sync.Once
	closeErr  error
}

// Start starts a hub: the core with opts.Config, and the AMQP, HTTPS and MQTT
// heads on their addresses, with a CA and server certificate generated now (or the
// given ones). ctx bounds the start; the hub then serves until Shutdown or
// Close.
func Start(ctx context.Context, opts Options) (*Server, error) {
	s := &Server{opts: opts.withDefaults()}
	if err := s.start(ctx); err != nil {
		s.abort()
		return nil, err
	}
	return s, nil
}

func (s *Server) start(ctx context.Context) error {
	o := s.opts
	c, err := core.New(o.Config, core.Options{HostName: o.HostName, HostAliases: loopbackNames, Clock: o.Clock, Logger: o.Logger})
	if err != nil {
		return err
	}
	s.core = c
	if s.tls, err = newServerTLS(o); err != nil {
		return err
	}
	amqp, err := amqphead.New(c, amqphead.Options{Clock: o.Clock, Logger: o.Logger.With("head", "amqp")})
	if err != nil {
		return err
	}
	if err := s.addHead(ctx, "AMQP", o.AMQPAddr, amqp.Serve, amqp.Shutdown); err != nil {
		return err
	}
	if err := s.addHTTPSHead(ctx); err != nil {
		return err
	}
	if err := s.addMQTTHead(ctx); err != nil {
		return err
	}
	serveCtx, cancel := context.WithCancel(context.Background())
	s.cancel = cancel
	s.serveHeads(serveCtx)
	return nil
}

// abort releases what a failed start made.
func (s *Server) abort() {
	for _, h := range s.heads {
		_ = h.ln.Close()
	}
	if s.core != nil {
		_ = s.core.Close()
	}
}

// Shutdown stops the hub gracefully: the heads stop accepting and close every
// connection (AMQP peers get a close with amqp:connection:forced) and wait for
// them until ctx ends, then the core stops its timers. It returns when every
// goroutine the hub started has ended; later calls return the first result.
func (s *Server) Shutdown(ctx context.Context) error {
	s.closeOnce.Do(func() {
		err := s.shutdownHeads(ctx)
		s.cancel()
		s.served.Wait()
		s.closeErr = errors.Join(err, s.core.Close())
	})
	return s.closeErr
}

// Close stops the hub, giving connections a second to close cleanly.
func (s *Server) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	err := s.Shutdown(ctx)
	if errors.Is(err, context.DeadlineExceeded) {
		return nil // the connections that did not answer were dropped
	}
	return err
}

// isClosedError reports whether a Serve error only says the hub stopped.
func isClosedError(err error) bool {
	return errors.Is(err, amqpserver.ErrServerClosed) || errors.Is(err, http.ErrServerClosed) ||
		errors.Is(err, net.ErrClosed) || errors.Is(err, context.Canceled)
}

// HostName is the hub's host name.
func (s *Server) HostName() string { return s.opts.HostName }

// Config is the hub's effective configuration, defaults filled in.
func (s *Server) Config() core.Config { return s.core.Config() }

// ConnectionString is the service connection string of the iothubowner
// policy: HostName=…;SharedAccessKeyName=iothubowner;SharedAccessKey=…. It
// holds a key: never log it.
func (s *Server) ConnectionString() string {
	cs, _ := s.core.ConnectionString("iothubowner")
	return cs
}

// PolicyConnectionString is the connection string of a shared access policy
// (iothubowner, service, device, registryRead, registryReadWrite).
func (s *Server) PolicyConnectionString(policy string) (string, error) {
	return s.core.ConnectionString(policy)
}

// AddDevice registers a device with generated keys and returns its
// connection string (HostName=…;DeviceId=…;SharedAccessKey=…).
func (s *Server) AddDevice(deviceID string) (string, error) {
	if _, err := s.core.CreateDevice(core.DeviceSpec{DeviceID: deviceID}); err != nil {
		return "", err
	}
	return s.core.DeviceConnectionString(deviceID)
}

// CAPEM is the PEM of the certificate clients trust: the generated CA, or the
// given certificate file.
func (s *Server) CAPEM() []byte { return append([]byte(nil), s.tls.caPEM...) }

// CertPool is a pool holding CAPEM.
func (s *Server) CertPool() *x509.CertPool { return s.tls.pool.Clone() }

// ClientTLSConfig is a TLS configuration for clients of this hub: it trusts
// CAPEM and expects the hub's host name.
func (s *Server) ClientTLSConfig() *tls.Config {
	return &tls.Config{RootCAs: s.CertPool(), ServerName: s.opts.HostName, MinVersion: tls.VersionTLS12}
}

// Endpoints lists where the heads listen: AMQP, HTTPS, then MQTT (the order
// of the IOTHUB_<PROTOCOL>_ADDR lines of `hubspec hub`).
func (s *Server) Endpoints() []Endpoint {
	out := make([]Endpoint, len(s.heads))
	for i, h := range s.heads {
		out[i] = h.Endpoint
	}
	return out
}

// AMQPAddr is the AMQP head's host:port.
func (s *Server) AMQPAddr() string { return s.addr("AMQP") }

// HTTPSAddr is the HTTPS head's host:port.
func (s *Server) HTTPSAddr() string { return s.addr("HTTPS") }

// MQTTAddr is the MQTT head's host:port: devices dial it with the hub's
// host name as TLS server name, as they would dial IoT Hub's port 8883.
func (s *Server) MQTTAddr() string { return s.addr("MQTT") }

func (s *Server) addr(protocol string) string {
	for _, h := range s.heads {
		if h.Protocol == protocol {
			return h.Addr
		}
	}
	return ""
}

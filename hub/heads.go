package hub

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"syscall"
)

// Endpoint is where one protocol head of the hub listens.
type Endpoint struct {
	// Protocol names the head: "AMQP", "HTTPS" or "MQTT".
	// `hubspec hub` prints IOTHUB_<Protocol>_ADDR for each endpoint.
	Protocol string
	// Addr is the listener's host:port, with the port chosen when 0 was asked.
	Addr string
}

// head is one protocol head serving TLS on its listener. Adding a head is a
// call to Server.addHead in start.
type head struct {
	Endpoint
	ln       net.Listener
	serve    func(ctx context.Context, ln net.Listener) error
	shutdown func(ctx context.Context) error
}

// addHead listens on addr with the hub's TLS and keeps the head for serve.
func (s *Server) addHead(ctx context.Context, protocol, addr string, serve func(context.Context, net.Listener) error, shutdown func(context.Context) error) error {
	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", addr)
	if err != nil {
		return fmt.Errorf("%s head: %w%s", protocol, err, listenHint(err))
	}
	h := &head{Endpoint: Endpoint{Protocol: protocol, Addr: ln.Addr().String()}, ln: tls.NewListener(ln, s.tls.config()), serve: serve, shutdown: shutdown}
	s.heads = append(s.heads, h)
	return nil
}

// serveHeads starts each head's accept loop on a goroutine the server owns.
func (s *Server) serveHeads(ctx context.Context) {
	for _, h := range s.heads {
		s.served.Add(1)
		go func() {
			defer s.served.Done()
			if err := h.serve(ctx, h.ln); err != nil && !isClosedError(err) {
				s.opts.Logger.Error("head stopped serving", "head", h.Protocol, "error", err)
			}
		}()
	}
}

// shutdownHeads stops every head, each ending its connections gracefully
// until ctx ends.
func (s *Server) shutdownHeads(ctx context.Context) error {
	var errs []error
	for _, h := range s.heads {
		if err := h.shutdown(ctx); err != nil {
			errs = append(errs, fmt.Errorf("%s head: %w", h.Protocol, err))
		}
		_ = h.ln.Close() // for a head that never served
	}
	return errors.Join(errs...)
}

// listenHint says what to do about the usual reasons a head cannot listen.
func listenHint(err error) string {
	switch {
	case errors.Is(err, syscall.EACCES):
		return " (ports below 1024 need root or CAP_NET_BIND_SERVICE; port 0 picks a free port)"
	case errors.Is(err, syscall.EADDRINUSE):
		return " (another process listens there, perhaps another hub; port 0 picks a free port)"
	}
	return ""
}

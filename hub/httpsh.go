package hub

import (
	"context"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/hubspec/hubspec/hub/httpshead"
)

// addHTTPSHead adds the HTTPS registry head (hub/httpshead): the registry and
// purge REST calls of the SDKs, on IoT Hub's port 443 or wherever
// Options.HTTPSAddr says.
func (s *Server) addHTTPSHead(ctx context.Context) error {
	log := s.opts.Logger.With("head", "https")
	srv := &http.Server{
		Handler:           httpshead.New(s.core, httpshead.Options{Logger: log}),
		ReadHeaderTimeout: 30 * time.Second,
		IdleTimeout:       2 * time.Minute,
		// net/http reports failed TLS handshakes here: one line each, at debug.
		ErrorLog: slog.NewLogLogger(log.Handler(), slog.LevelDebug),
	}
	serve := func(_ context.Context, ln net.Listener) error { return srv.Serve(ln) }
	shutdown := func(ctx context.Context) error {
		err := srv.Shutdown(ctx)
		if err != nil {
			_ = srv.Close() // drop the requests still running
		}
		return err
	}
	return s.addHead(ctx, "HTTPS", s.opts.HTTPSAddr, serve, shutdown)
}

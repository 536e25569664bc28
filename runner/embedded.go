package runner

import (
	"context"
	"errors"
	"fmt"

	"github.com/hubspec/hubspec/hub"
	"github.com/hubspec/hubspec/iothub"
)

// embeddedHub is the hub of one scenario run without --hub: started with the scenario's
// own settings on ephemeral ports, and reached only as a real hub is, through its
// connection string, its CA and the network. The runner owns its lifecycle and nothing
// more: it never calls into the emulator to send, receive or check.
type embeddedHub struct {
	srv  *hub.Server
	conn *hubConn
}

// startEmbedded starts a hub with the scenario's settings and dials its service side.
func startEmbedded(ctx context.Context, sc *Scenario) (*embeddedHub, error) {
	srv, err := hub.Start(ctx, hub.Options{Config: sc.Hub.Config})
	if err != nil {
		return nil, fmt.Errorf("could not start the embedded hub: %w", err)
	}
	cs, err := iothub.ParseConnectionString(srv.ConnectionString())
	if err != nil {
		_ = srv.Close()
		return nil, fmt.Errorf("the embedded hub's connection string: %w", err)
	}
	opts := iothub.Options{AMQPAddr: srv.AMQPAddr(), HTTPSAddr: srv.HTTPSAddr(), MQTTAddr: srv.MQTTAddr(), CAPEM: srv.CAPEM()}
	conn, err := dialHub(ctx, cs, opts)
	if err != nil {
		_ = srv.Close()
		return nil, fmt.Errorf("could not reach the embedded hub: %w", err)
	}
	return &embeddedHub{srv: srv, conn: conn}, nil
}

// close closes the clients, then the hub.
func (h *embeddedHub) close(ctx context.Context) error {
	return errors.Join(h.conn.close(ctx), h.srv.Close())
}

package runner

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/hubspec/hubspec/iothub"
)

// hubConn is the runner's service side of one hub, reached only through package iothub:
// the service client that sends, the registry that provisions and purges, and the
// feedback receiver that routes each record to the ledger of the scenario that sent the
// message. A real hub has one for the whole run, shared by every scenario; an embedded hub
// has its own.
type hubConn struct {
	cs       iothub.ConnectionString
	opts     iothub.Options
	service  *iothub.ServiceClient
	registry *iothub.Registry
	feedback *feedbackRouter

	mu      sync.Mutex
	noRetry *iothub.ServiceClient // for sends that expect Throttled; dialled when first needed
}

// dialHub connects the service side: the registry, the service client and the feedback
// receiver. On failure it closes what it opened.
func dialHub(ctx context.Context, cs iothub.ConnectionString, opts iothub.Options) (*hubConn, error) {
	h := &hubConn{cs: cs, opts: opts}
	var err error
	if h.registry, err = iothub.NewRegistry(cs, &opts); err != nil {
		return nil, fmt.Errorf("registry: %w", err)
	}
	if h.service, err = iothub.NewServiceClient(ctx, cs, &opts); err != nil {
		h.close(ctx)
		return nil, fmt.Errorf("service client: %w", err)
	}
	if h.feedback, err = startFeedback(ctx, h.service); err != nil {
		h.close(ctx)
		return nil, fmt.Errorf("feedback receiver: %w", err)
	}
	return h, nil
}

// sender returns the client for a send step: one that does not retry when the step
// expects the hub to throttle it, so the refusal is what the step sees.
func (h *hubConn) sender(ctx context.Context, outcome SendOutcome) (*iothub.ServiceClient, error) {
	if outcome != Throttled {
		return h.service, nil
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.noRetry != nil {
		return h.noRetry, nil
	}
	opts := h.opts
	opts.Retry = iothub.NoRetry
	c, err := iothub.NewServiceClient(ctx, h.cs, &opts)
	if err != nil {
		return nil, fmt.Errorf("service client: %w", err)
	}
	h.noRetry = c
	return c, nil
}

// close stops the feedback receiver and closes the clients.
func (h *hubConn) close(ctx context.Context) error {
	var errs []error
	if h.feedback != nil {
		errs = append(errs, h.feedback.stop(ctx))
	}
	for _, c := range []*iothub.ServiceClient{h.service, h.noRetry} {
		if c != nil {
			errs = append(errs, c.Close(ctx))
		}
	}
	if h.registry != nil {
		h.registry.Close()
	}
	return errors.Join(errs...)
}

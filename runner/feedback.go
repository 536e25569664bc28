package runner

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/hubspec/hubspec/iothub"
	"github.com/hubspec/hubspec/runner/ledger"
)

// feedbackRouter reads the hub's feedback queue on one receiver and records each record
// in the ledger of the scenario that sent the message, found by message id. Feedback
// receivers compete for batches, so one receiver serves every scenario on a hub. Records
// for ids no running scenario sent (an earlier run's, another tool's) are dropped; every
// batch is completed, so none comes back.
type feedbackRouter struct {
	recv *iothub.FeedbackReceiver

	mu     sync.Mutex
	routes map[string]*ledger.Ledger // message id → the ledger of the scenario that sent it

	cancel context.CancelFunc
	done   chan struct{}
}

// feedbackRetry is the pause after a failed receive before the next, so a hub that keeps
// failing is not hammered; the receiver itself reconnects under its retry policy.
const feedbackRetry = 100 * time.Millisecond

func startFeedback(ctx context.Context, service *iothub.ServiceClient) (*feedbackRouter, error) {
	recv, err := service.FeedbackReceiver(ctx)
	if err != nil {
		return nil, err
	}
	loopCtx, cancel := context.WithCancel(context.Background())
	r := &feedbackRouter{recv: recv, routes: map[string]*ledger.Ledger{}, cancel: cancel, done: make(chan struct{})}
	go r.loop(loopCtx)
	return r, nil
}

// route sends the feedback for message id to led. Call it before sending the message.
func (r *feedbackRouter) route(id string, led *ledger.Ledger) {
	r.mu.Lock()
	r.routes[id] = led
	r.mu.Unlock()
}

// forget drops the routes of a scenario that ended.
func (r *feedbackRouter) forget(led *ledger.Ledger) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for id, l := range r.routes {
		if l == led {
			delete(r.routes, id)
		}
	}
}

func (r *feedbackRouter) loop(ctx context.Context) {
	defer close(r.done)
	for ctx.Err() == nil {
		b, err := r.recv.Receive(ctx)
		if err != nil {
			if !errors.Is(err, iothub.ErrMalformedFeedback) {
				pause(ctx, feedbackRetry)
			}
			continue
		}
		r.deliver(b.Records, time.Now())
		_ = r.recv.Complete(ctx, b)
	}
}

func (r *feedbackRouter) deliver(records []iothub.FeedbackRecord, at time.Time) {
	for _, rec := range records {
		r.mu.Lock()
		led := r.routes[rec.OriginalMessageID]
		r.mu.Unlock()
		if led != nil {
			led.RecordFeedback(ledger.Feedback{MessageID: rec.OriginalMessageID, Device: rec.DeviceID,
				Status: ledger.FeedbackStatus(rec.Status), At: at})
		}
	}
}

// stop ends the loop and detaches the receiver.
func (r *feedbackRouter) stop(ctx context.Context) error {
	r.cancel()
	<-r.done
	return r.recv.Close(ctx)
}

// pause waits for d or until ctx ends, and reports whether d passed.
func pause(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

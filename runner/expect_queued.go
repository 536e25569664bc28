package runner

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/hubspec/hubspec/runner/ledger"
)

// queuedMarks remembers the messages a queued step found waiting, so the accounting at
// the end knows the scenario expects them still queued (unless delivered since).
type queuedMarks struct {
	mu    sync.Mutex
	marks map[string]int // message id → its deliveries when the step held
}

func (q *queuedMarks) mark(id string, deliveries int) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.marks == nil {
		q.marks = map[string]int{}
	}
	q.marks[id] = deliveries
}

// expects reports whether h is a message a queued step found waiting, and it has not
// been delivered since.
func (q *queuedMarks) expects(h ledger.History) bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	n, ok := q.marks[h.Sent.MessageID]
	return ok && len(h.Deliveries) == n
}

// The registry has no event to wait on: a queued step asks it again and again, the
// pause growing from queuedPollFirst to queuedPollMax, until the counts hold or the
// deadline passes.
const (
	queuedPollFirst = 20 * time.Millisecond
	queuedPollMax   = 500 * time.Millisecond
)

func (s *session) expectQueued(ctx context.Context, st *ExpectQueued) error {
	ds := s.fleet.resolve(s.sc, st.Devices)
	within := s.sc.Deadline(st)
	wctx, cancel := context.WithTimeout(ctx, within)
	defer cancel()
	var depths []int // the last answer the registry gave
	var lastErr error
	for wait := queuedPollFirst; ; wait = min(2*wait, queuedPollMax) {
		got, err := s.queueDepths(wctx, ds)
		if err == nil {
			depths = got
			if queuedHold(st.Count, got) {
				s.markQueued(ds)
				return nil
			}
		}
		lastErr = err
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if !pause(wctx, wait) {
			break
		}
	}
	if depths == nil {
		return lastErr
	}
	return s.queuedFailure(st, ds, depths, within)
}

// queueDepths asks the registry for each device's cloudToDeviceMessageCount.
func (s *session) queueDepths(ctx context.Context, ds []*fleetDevice) ([]int, error) {
	depths := make([]int, len(ds))
	index := map[*fleetDevice]int{}
	for i, d := range ds {
		index[d] = i
	}
	err := forEach(ctx, ds, connectConcurrency, func(ctx context.Context, d *fleetDevice) error {
		dev, err := s.hub.registry.GetDevice(ctx, d.hubID)
		if err != nil {
			return fmt.Errorf("the queue of device %s: %w", d.ID, err)
		}
		depths[index[d]] = dev.CloudToDeviceMessageCount
		return nil
	}, func() {})
	return depths, err
}

func queuedHold(c Count, depths []int) bool {
	for _, n := range depths {
		if !c.Holds(n) {
			return false
		}
	}
	return true
}

// markQueued notes the messages waiting on the devices now: accepted, not settled, no
// feedback.
func (s *session) markQueued(ds []*fleetDevice) {
	on := map[string]bool{}
	for _, d := range ds {
		on[d.ID] = true
	}
	for _, m := range s.sent.all() {
		h, ok := s.led.Message(m.ID)
		_, settled := h.Terminal()
		if ok && on[m.Device] && h.Accepted() && !settled && len(h.Feedback) == 0 {
			s.queued.mark(m.ID, len(h.Deliveries))
		}
	}
}

func (s *session) queuedFailure(st *ExpectQueued, ds []*fleetDevice, depths []int, within time.Duration) error {
	var lines []string
	first := -1
	for i, d := range ds {
		if !st.Count.Holds(depths[i]) {
			lines = append(lines, fmt.Sprintf("device %s: %s queued", d.ID, plural(depths[i], "message")))
			if first < 0 {
				first = i
			}
		}
	}
	f := &Failure{At: st.At, Step: stepName(st), Observed: listed(lines), Ledger: s.linesFor(ledger.Filter{Device: ds[first].hubID}),
		Expected: fmt.Sprintf("the C2D queue of each device of %s holds %s, within %s", devicesOf(st.Devices, len(ds)), countOf(st.Count, "message"), within),
		Summary:  fmt.Sprintf("%s, want %s within %s", strings.TrimPrefix(lines[0], "device "), st.Count, within)}
	return f
}

package core

import (
	"sync"
	"sync/atomic"
	"time"
)

// MaxFeedbackRecords is the most records one feedback message carries.
const MaxFeedbackRecords = 64

// MaxFeedbackMessages bounds the feedback queue (an emulator limit: about
// 640,000 records). When it is full the oldest unlocked batch is dropped to
// make room, so a run that never consumes feedback cannot exhaust memory.
const MaxFeedbackMessages = 10000

// feedbackMessage is one batch on the feedback queue. records and body are
// replaced, never modified in place, so a delivery may keep them.
type feedbackMessage struct {
	id       string
	records  []FeedbackRecord
	body     []byte
	enqueued time.Time
	expiry   time.Time
}

// feedback collects records into batches and keeps the hub-wide feedback
// queue. A batch is flushed when it reaches MaxFeedbackRecords or when the
// batch interval has passed since its first record.
type feedback struct {
	hub      *Hub
	interval time.Duration
	queue    *lockQueue[*feedbackMessage]

	mu       sync.Mutex
	pending  []FeedbackRecord
	count    atomic.Int32 // len(pending), read without mu
	timer    Timer
	timerSeq uint64
}

func newFeedback(h *Hub) *feedback {
	fb := &feedback{hub: h, interval: time.Duration(h.cfg.Emulator.FeedbackBatchInterval)}
	c := h.cfg.CloudToDevice.Feedback
	ttl := time.Duration(c.TTL)
	fb.queue = newLockQueue(queueSettings{
		clock: h.clock, life: &h.life, tokens: h.tokens,
		lockDuration: time.Duration(c.LockDuration), maxDeliveryCount: c.MaxDeliveryCount,
		limit: MaxFeedbackMessages, dropOldest: true,
	}, queueHooks[*feedbackMessage]{
		admit: func(m *feedbackMessage, _ uint64, now time.Time) time.Time {
			m.enqueued, m.expiry = now, now.Add(ttl)
			return m.expiry
		},
		snapshot: func(m *feedbackMessage) *feedbackMessage {
			c := *m
			return &c
		},
	})
	return fb
}

// add queues a record for the next batch. It may be called with a device
// queue's mu held; it never flushes (see flushIfFull).
func (fb *feedback) add(r FeedbackRecord) {
	fb.mu.Lock()
	defer fb.mu.Unlock()
	fb.pending = append(fb.pending, r)
	fb.count.Store(int32(len(fb.pending)))
	if len(fb.pending) == 1 {
		fb.timerSeq++
		seq := fb.timerSeq
		fb.timer = fb.hub.clock.AfterFunc(fb.interval, func() { fb.onTimer(seq) })
	}
}

// flushIfFull sends full batches. Call it with no lock held.
func (fb *feedback) flushIfFull() {
	if fb.count.Load() < MaxFeedbackRecords {
		return
	}
	fb.mu.Lock()
	var wake []*receiver
	for len(fb.pending) >= MaxFeedbackRecords {
		wake = fb.send(MaxFeedbackRecords)
	}
	if len(fb.pending) == 0 {
		fb.stopTimer()
	}
	fb.mu.Unlock()
	notifyAll(wake)
}

// onTimer flushes everything pending when the batch interval ends.
func (fb *feedback) onTimer(seq uint64) {
	if !fb.hub.life.enter() {
		return
	}
	defer fb.hub.life.exit()
	fb.mu.Lock()
	if seq == fb.timerSeq {
		fb.timer = nil
	}
	var wake []*receiver
	for len(fb.pending) > 0 {
		wake = fb.send(min(len(fb.pending), MaxFeedbackRecords))
	}
	fb.mu.Unlock()
	notifyAll(wake)
}

// send moves the first n pending records into a feedback message on the
// queue. mu held: a device deletion cannot slip between taking the records and
// queueing them.
func (fb *feedback) send(n int) []*receiver {
	records := make([]FeedbackRecord, n)
	copy(records, fb.pending)
	fb.pending = append(fb.pending[:0], fb.pending[n:]...)
	fb.count.Store(int32(len(fb.pending)))
	m := &feedbackMessage{id: fb.hub.keys.guid(), records: records, body: EncodeFeedback(records)}
	wake, err := fb.queue.push(m)
	if err != nil {
		fb.hub.log.Debug("feedback dropped", "records", n, "err", err)
	}
	return wake
}

func (fb *feedback) stopTimer() {
	if fb.timer != nil {
		fb.timer.Stop()
		fb.timer = nil
	}
}

// removeDevice deletes the pending feedback of one generation of a device,
// batched or queued (spec §7.3: a deleted device's feedback goes with it).
func (fb *feedback) removeDevice(deviceID, generationID string) {
	fb.mu.Lock()
	defer fb.mu.Unlock()
	fb.pending = dropRecords(fb.pending, deviceID, generationID)
	fb.count.Store(int32(len(fb.pending)))
	if len(fb.pending) == 0 {
		fb.stopTimer()
	}
	fb.queue.edit(func(m *feedbackMessage) bool {
		kept := dropRecords(append([]FeedbackRecord(nil), m.records...), deviceID, generationID)
		if len(kept) != len(m.records) {
			m.records, m.body = kept, EncodeFeedback(kept)
		}
		return len(kept) > 0
	})
}

func dropRecords(rs []FeedbackRecord, deviceID, generationID string) []FeedbackRecord {
	kept := rs[:0]
	for _, r := range rs {
		if r.DeviceID != deviceID || r.DeviceGenerationID != generationID {
			kept = append(kept, r)
		}
	}
	return kept
}

// close stops the batch timer and closes the queue.
func (fb *feedback) close() {
	fb.mu.Lock()
	fb.stopTimer()
	fb.pending = nil
	fb.mu.Unlock()
	fb.queue.shutdown(ErrClosed)
}

package runner

import (
	"sync"
	"sync/atomic"
)

// progressMin is the smallest amount of work reported as progress: fleets, not single
// devices.
const progressMin = 100

// meter reports one piece of long work (connecting a fleet, sending, waiting for
// feedback) to the listener: only when it moves forward, and nothing for small work.
type meter struct {
	label  string
	total  int
	report func(label string, done, total int)

	added atomic.Int64 // units added one by one

	mu   sync.Mutex
	last int
}

// meter starts reporting work of total units named label.
func (s *session) meter(label string, total int) *meter {
	return &meter{label: label, total: total, report: s.progress}
}

// at reports that done units are done, if that is more than before.
func (m *meter) at(done int) {
	if m.total < progressMin {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	done = min(done, m.total)
	if done <= m.last {
		return
	}
	m.last = done
	m.report(m.label, done, m.total)
}

// add reports one more unit done.
func (m *meter) add() { m.at(int(m.added.Add(1))) }

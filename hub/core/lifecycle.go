package core

import "sync"

// lifecycle lets timer callbacks run only while the hub is open, and lets
// Close wait for those already running.
type lifecycle struct {
	mu     sync.Mutex
	closed bool
	wg     sync.WaitGroup
}

// enter registers a running callback; false once the hub is closing.
func (l *lifecycle) enter() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.closed {
		return false
	}
	l.wg.Add(1)
	return true
}

func (l *lifecycle) exit() { l.wg.Done() }

// close refuses new callbacks and waits for running ones. It reports whether
// this call closed it.
func (l *lifecycle) close() bool {
	l.mu.Lock()
	first := !l.closed
	l.closed = true
	l.mu.Unlock()
	l.wg.Wait()
	return first
}

func (l *lifecycle) isClosed() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.closed
}

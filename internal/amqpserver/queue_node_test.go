package amqpserver

import (
	"encoding/binary"
	"sync"

	"github.com/hubspec/hubspec/internal/amqpwire"
)

// queueNode is the trivial queue node of the interop tests and benchmarks:
// whatever a peer sends to it is queued, whatever a peer receives from it is
// taken from the queue. The queue lives outside the connections, so it
// exercises Link.Wake from other goroutines. Messages a receiver releases,
// rejects or leaves unsettled go back to the queue.
type queueNode struct {
	settled bool // send settled deliveries

	mu      sync.Mutex
	msgs    [][]byte
	waiting map[*Link]struct{} // links with credit and nothing to send
	tag     uint64
	got     int // deliveries received
}

func newQueueNode() *queueNode { return &queueNode{waiting: map[*Link]struct{}{}} }

func (q *queueNode) Attach(l *Link) (Accept, error) {
	if l.Role() == amqpwire.RoleReceiver {
		return Accept{Handler: LinkHandler{Message: q.onMessage}}, nil
	}
	return Accept{Handler: LinkHandler{Credit: q.onCredit, Disposition: q.onDisposition, Detached: q.onDetached}}, nil
}

func (q *queueNode) onMessage(d *Delivery) {
	q.mu.Lock()
	q.msgs = append(q.msgs, d.Payload)
	q.got++
	wake := q.takeWaiting()
	q.mu.Unlock()
	d.Settle(amqpwire.Accepted{})
	for _, l := range wake {
		l.Wake()
	}
}

// takeWaiting empties the set of waiting links; q.mu is held.
func (q *queueNode) takeWaiting() []*Link {
	if len(q.waiting) == 0 {
		return nil
	}
	links := make([]*Link, 0, len(q.waiting))
	for l := range q.waiting {
		links = append(links, l)
	}
	clear(q.waiting)
	return links
}

func (q *queueNode) onCredit(l *Link) {
	q.mu.Lock()
	n := min(int(l.Credit()), len(q.msgs))
	batch := q.msgs[:n:n]
	q.msgs = q.msgs[n:]
	if uint32(n) < l.Credit() {
		q.waiting[l] = struct{}{}
	}
	first := q.tag
	q.tag += uint64(n)
	q.mu.Unlock()
	for i, p := range batch {
		tag := make([]byte, 16)
		binary.BigEndian.PutUint64(tag[8:], first+uint64(i))
		if _, err := l.Send(tag, p, q.settled); err != nil {
			q.requeue([][]byte{p})
		}
	}
}

func (q *queueNode) onDisposition(d *Delivery) {
	switch d.State.(type) {
	case amqpwire.Released, amqpwire.Modified, amqpwire.Rejected:
		q.requeue([][]byte{d.Payload})
	}
}

func (q *queueNode) onDetached(l *Link, _ error, unsettled []*Delivery) {
	q.mu.Lock()
	delete(q.waiting, l)
	q.mu.Unlock()
	back := make([][]byte, 0, len(unsettled))
	for _, d := range unsettled {
		back = append(back, d.Payload)
	}
	q.requeue(back)
}

func (q *queueNode) requeue(msgs [][]byte) {
	if len(msgs) == 0 {
		return
	}
	q.mu.Lock()
	q.msgs = append(msgs, q.msgs...)
	wake := q.takeWaiting()
	q.mu.Unlock()
	for _, l := range wake {
		l.Wake()
	}
}

// length returns the number of queued messages.
func (q *queueNode) length() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	return len(q.msgs)
}

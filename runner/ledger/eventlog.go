package ledger

import "iter"

// chunkBits sets the chunk size of an eventLog: 1024 events.
const chunkBits = 10

// eventLog is an append-only list of events stored in fixed-size chunks, so that growing
// it never copies the events already recorded (a 10,000-device run records ~50,000).
type eventLog struct {
	chunks [][]Event
	n      int
}

// append adds e and returns its position.
func (g *eventLog) append(e Event) int32 {
	if g.n>>chunkBits == len(g.chunks) {
		g.chunks = append(g.chunks, make([]Event, 0, 1<<chunkBits))
	}
	last := len(g.chunks) - 1
	g.chunks[last] = append(g.chunks[last], e)
	g.n++
	return int32(g.n - 1)
}

// at returns the event at pos.
func (g *eventLog) at(pos int32) Event { return g.chunks[pos>>chunkBits][pos&(1<<chunkBits-1)] }

// len is the number of events.
func (g *eventLog) len() int { return g.n }

// all yields every event in recording order.
func (g *eventLog) all() iter.Seq[Event] {
	return func(yield func(Event) bool) {
		for _, chunk := range g.chunks {
			for _, e := range chunk {
				if !yield(e) {
					return
				}
			}
		}
	}
}

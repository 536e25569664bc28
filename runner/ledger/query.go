package ledger

// Query selects events; a zero field matches everything.
type Query struct {
	Kind        EventKind
	MessageID   string
	Device      string
	Status      FeedbackStatus // feedback events with this status
	Disposition Disposition    // settlement events with this disposition
}

// match reports whether e is selected by q.
func (q Query) match(e Event) bool {
	return (q.Kind == AnyKind || q.Kind == e.Kind) &&
		(q.MessageID == "" || q.MessageID == e.MessageID) &&
		(q.Device == "" || q.Device == e.Device) &&
		(q.Status == "" || q.Status == e.Status) &&
		(q.Disposition == "" || q.Disposition == e.Disposition)
}

// Events returns the events q selects, in recording order.
func (l *Ledger) Events(q Query) []Event {
	var out []Event
	l.mu.Lock()
	defer l.mu.Unlock()
	l.scan(q, func(e Event) bool {
		out = append(out, e)
		return true
	})
	return out
}

// Count returns how many events q selects.
func (l *Ledger) Count(q Query) int {
	n := 0
	l.mu.Lock()
	defer l.mu.Unlock()
	l.scan(q, func(Event) bool { n++; return true })
	return n
}

// First returns the earliest recorded event q selects.
func (l *Ledger) First(q Query) (Event, bool) {
	var first Event
	found := false
	l.mu.Lock()
	defer l.mu.Unlock()
	l.scan(q, func(e Event) bool {
		first, found = e, true
		return false
	})
	return first, found
}

// Last returns the latest recorded event q selects.
func (l *Ledger) Last(q Query) (Event, bool) {
	var last Event
	found := false
	l.mu.Lock()
	defer l.mu.Unlock()
	l.scan(q, func(e Event) bool {
		last, found = e, true
		return true
	})
	return last, found
}

// scan calls f for each event q selects, in recording order, until f returns false. It
// walks the smallest index that covers q. It runs under the lock.
func (l *Ledger) scan(q Query, f func(Event) bool) {
	idx, indexed := l.candidates(q)
	if !indexed {
		for e := range l.log.all() {
			if q.match(e) && !f(e) {
				return
			}
		}
		return
	}
	for _, pos := range idx {
		if e := l.log.at(pos); q.match(e) && !f(e) {
			return
		}
	}
}

// candidates returns the positions that may match q, in recording order, or false when
// no index narrows the search.
func (l *Ledger) candidates(q Query) ([]int32, bool) {
	switch {
	case q.MessageID != "":
		if idx, ok := l.byMessage[q.MessageID]; ok {
			return idx, true
		}
		return l.strays, true
	case q.Device != "":
		return l.byDevice[q.Device], true
	}
	return nil, false
}

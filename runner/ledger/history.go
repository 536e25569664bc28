package ledger

// History is the life of one message: its send, the hub's answer, every delivery,
// settlement and feedback record, each in recording order.
type History struct {
	Sent Event
	// Outcome is the first send outcome; its Kind is AnyKind while none is recorded.
	Outcome     Event
	Deliveries  []Event
	Settlements []Event
	Feedback    []Event
}

// Accepted reports whether the hub accepted the send.
func (h History) Accepted() bool { return h.Outcome.Kind == KindSendOutcome && !h.Outcome.refused() }

// Refused reports whether the hub refused the send.
func (h History) Refused() bool { return h.Outcome.refused() }

// Abandons counts the device's successful abandons.
func (h History) Abandons() int {
	n := 0
	for _, s := range h.Settlements {
		if s.settledOK(Abandon) {
			n++
		}
	}
	return n
}

// Terminal returns the first successful complete or reject. An MQTT device's PUBACK
// that the message was delivered again after does not count: the hub never got it.
func (h History) Terminal() (Event, bool) {
	for _, s := range h.Settlements {
		if s.Failed || !s.Disposition.terminal() || s.puback() && deliveredAfter(h, s.Seq) {
			continue
		}
		return s, true
	}
	return Event{}, false
}

// LastEvent returns the latest event of the message's life.
func (h History) LastEvent() Event {
	last := h.Sent
	for _, list := range [][]Event{{h.Outcome}, h.Deliveries, h.Settlements, h.Feedback} {
		for _, e := range list {
			if e.Seq > last.Seq {
				last = e
			}
		}
	}
	return last
}

// Message returns the history of the message with this id.
func (l *Ledger) Message(id string) (History, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	idx, ok := l.byMessage[id]
	if !ok {
		return History{}, false
	}
	return l.history(idx), true
}

// Messages returns the history of every message, in the order they were sent.
func (l *Ledger) Messages() []History {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := make([]History, 0, len(l.byMessage))
	for e := range l.log.all() {
		if e.Kind == KindSent {
			out = append(out, l.history(l.byMessage[e.MessageID]))
		}
	}
	return out
}

// history assembles a message's history from its positions. It runs under the lock.
func (l *Ledger) history(idx []int32) History {
	h := History{Sent: l.log.at(idx[0])}
	for _, pos := range idx[1:] {
		h.add(l.log.at(pos))
	}
	return h
}

// add files e into the history by kind.
func (h *History) add(e Event) {
	switch e.Kind {
	case KindSendOutcome:
		if h.Outcome.Kind == AnyKind {
			h.Outcome = e
		}
	case KindDelivered:
		h.Deliveries = append(h.Deliveries, e)
	case KindSettled:
		h.Settlements = append(h.Settlements, e)
	case KindFeedback:
		h.Feedback = append(h.Feedback, e)
	}
}

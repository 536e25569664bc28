package ledger

// Counts sums up a ledger.
type Counts struct {
	Sent      int
	Accepted  int
	Refused   int
	RefusedBy map[SendResult]int
	// Deliveries counts every delivery, redeliveries included.
	Deliveries int
	// Settled counts successful settlements by disposition; failed ones are in SettleFailed.
	Settled      map[Disposition]int
	SettleFailed int
	Feedback     map[FeedbackStatus]int
	// Strays counts events for message ids this ledger never sent.
	Strays int
}

// Counts sums up the ledger so far.
func (l *Ledger) Counts() Counts {
	c := Counts{RefusedBy: map[SendResult]int{}, Settled: map[Disposition]int{},
		Feedback: map[FeedbackStatus]int{}}
	l.mu.Lock()
	defer l.mu.Unlock()
	for e := range l.log.all() {
		if l.known(e) {
			c.add(e)
		}
	}
	c.Strays = len(l.strays)
	return c
}

// add counts one event.
func (c *Counts) add(e Event) {
	switch e.Kind {
	case KindSent:
		c.Sent++
	case KindSendOutcome:
		c.addOutcome(e)
	case KindDelivered:
		c.Deliveries++
	case KindSettled:
		if e.Failed {
			c.SettleFailed++
		} else {
			c.Settled[e.Disposition]++
		}
	case KindFeedback:
		c.Feedback[e.Status]++
	}
}

// addOutcome counts a send outcome.
func (c *Counts) addOutcome(e Event) {
	if e.refused() {
		c.Refused++
		c.RefusedBy[e.Result]++
		return
	}
	c.Accepted++
}

// known reports whether e is a device action or belongs to a message this ledger sent. It
// runs under the lock.
func (l *Ledger) known(e Event) bool {
	if e.Kind.deviceAction() || e.Kind == KindSent {
		return true
	}
	_, ok := l.byMessage[e.MessageID]
	return ok
}

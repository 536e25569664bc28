package iothub

import (
	"context"
	"time"
)

// run is the connection's goroutine: it renews tokens when they are due and
// reconnects when the connection is lost, until close.
func (c *connection) run() {
	defer close(c.done)
	for {
		c.mu.Lock()
		g := c.cur
		c.mu.Unlock()
		if g == nil && !c.reconnect() {
			return
		}
		if g == nil {
			continue
		}
		if !c.watch(g) {
			return
		}
	}
}

// watch waits on g until it is lost, a renewal is due, or the identities
// change. It returns false when the connection is closing.
func (c *connection) watch(g *generation) bool {
	timer, fire := c.renewalTimer()
	defer timer.Stop()
	select {
	case <-c.ctx.Done():
		return false
	case <-g.conn.Done():
		c.lost(g)
	case <-fire:
		c.renewDue(g)
	case <-c.kick:
	}
	return true
}

// renewalTimer fires when the earliest renewal is due; its channel is nil
// (never fires) when no token is renewable.
func (c *connection) renewalTimer() (Timer, <-chan time.Time) {
	c.mu.Lock()
	next, ok := nextRenewal(c.identitiesLocked(), c.opts.TokenRenewalMargin)
	c.mu.Unlock()
	if !ok {
		return stoppedTimer{}, nil
	}
	t := c.opts.Clock.NewTimer(max(next.Sub(c.opts.Clock.Now()), 0))
	return t, t.C()
}

type stoppedTimer struct{}

func (stoppedTimer) C() <-chan time.Time { return nil }
func (stoppedTimer) Stop() bool          { return false }

func (c *connection) identitiesLocked() []*identity {
	ids := make([]*identity, 0, len(c.identities))
	for id := range c.identities {
		ids = append(ids, id)
	}
	return ids
}

// renewDue puts a new token for every identity whose renewal is due, on the
// live connection: its links stay attached.
func (c *connection) renewDue(g *generation) {
	c.mu.Lock()
	due := dueForRenewal(c.identitiesLocked(), c.opts.Clock.Now(), c.opts.TokenRenewalMargin)
	c.mu.Unlock()
	errs := c.putTokens(c.ctx, g, due)
	for i, err := range errs {
		if err != nil && c.ctx.Err() == nil && g.alive() {
			c.renewFailed(due[i], err)
		}
	}
}

// renewFailed schedules another try after a back-off and tells the caller.
func (c *connection) renewFailed(id *identity, err error) {
	c.mu.Lock()
	id.failures++
	id.retryAt = c.opts.Clock.Now().Add(c.opts.Retry.Delay(id.failures))
	c.mu.Unlock()
	c.report(StateChange{State: StateRenewFailed, DeviceID: id.deviceID, Err: err})
}

// lost forgets g and tells the caller.
func (c *connection) lost(g *generation) {
	err := g.conn.Err()
	_ = g.close()
	c.setCurrent(nil)
	c.report(StateChange{State: StateDisconnected, Err: mapConnError("connection", "", serviceSide, err)})
}

// reconnect dials again with back-off until it succeeds (true) or the retry
// policy runs out or the connection closes (false).
func (c *connection) reconnect() bool {
	never := func(error) bool { return false }
	err := reconnectWithBackOff(c.ctx, c.opts.Clock, c.opts.Retry, never, c.report, c.redial)
	if err != nil && c.ctx.Err() == nil {
		c.giveUp(err)
	}
	return err == nil
}

// redial makes the next generation: dial, put every token, restore links.
func (c *connection) redial(attempt int) error {
	ctx, cancel := context.WithTimeout(c.ctx, opTimeout)
	defer cancel()
	g, err := c.dialer(ctx, c.nextN())
	if err != nil {
		return err
	}
	ids := c.snapshot()
	for i, err := range c.putTokens(ctx, g, ids) {
		if err != nil {
			c.report(StateChange{State: StateRenewFailed, Attempt: attempt, DeviceID: ids[i].deviceID, Err: err})
		}
	}
	c.setCurrent(g)
	if c.restore != nil {
		c.restore(c.ctx, g)
	}
	c.report(StateChange{State: StateConnected, Attempt: attempt})
	return nil
}

func (c *connection) nextN() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.lastN++
	return c.lastN
}

// giveUp ends the connection for good: every waiter gets err.
func (c *connection) giveUp(err error) {
	failed := &Error{Op: "reconnect to " + c.ep.addr, Kind: ErrConnectionLost, Description: "gave up after the retry policy ran out", Err: err}
	c.mu.Lock()
	c.failed = failed
	c.mu.Unlock()
	c.setCurrent(nil)
	c.report(StateChange{State: StateClosed, Err: failed})
}

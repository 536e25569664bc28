package iothub

import (
	"context"
	"time"
)

// run is the device's goroutine: it renews the token by connecting again
// before it expires (spec §1.3) and reconnects with back-off when the
// connection is lost, until Close or until reconnecting gives up.
func (d *MQTTDevice) run() {
	defer close(d.done)
	for {
		c := d.current()
		if c == nil && !d.reconnect() {
			return
		}
		if c != nil && !d.watch(c) {
			return
		}
	}
}

func (d *MQTTDevice) current() *mqttConn {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.cur
}

// swap makes c the live connection and returns the one it replaces.
func (d *MQTTDevice) swap(c *mqttConn) *mqttConn {
	d.mu.Lock()
	defer d.mu.Unlock()
	old := d.cur
	d.cur = c
	return old
}

// watch waits on c until it is lost or its token is due for renewal. It
// returns false when the device is closing.
func (d *MQTTDevice) watch(c *mqttConn) bool {
	timer, fire := d.renewalTimer()
	defer timer.Stop()
	select {
	case <-d.ctx.Done():
		return false
	case <-c.lost:
		d.swap(nil)
		d.report(StateChange{State: StateDisconnected, Err: c.lostErr})
	case <-fire:
		d.renew(c)
	}
	return true
}

// renewalTimer fires when the token should be renewed; never for a token
// given in the connection string.
func (d *MQTTDevice) renewalTimer() (Timer, <-chan time.Time) {
	d.mu.Lock()
	at, ok := d.identity.renewAt(d.opts.TokenRenewalMargin)
	d.mu.Unlock()
	if !ok {
		return stoppedTimer{}, nil
	}
	t := d.opts.Clock.NewTimer(max(at.Sub(d.opts.Clock.Now()), 0))
	return t, t.C()
}

// renew connects again with a new token while c is still up: the hub drops
// c once the new connection is accepted and delivers what c had not
// acknowledged on the new one. If the new connection fails, c stays and the
// renewal is tried again after a back-off.
func (d *MQTTDevice) renew(c *mqttConn) {
	ctx, cancel := context.WithTimeout(d.ctx, opTimeout)
	defer cancel()
	next, err := d.dial(ctx)
	if err != nil {
		if d.ctx.Err() == nil {
			d.renewFailed(err)
		}
		return
	}
	d.swap(next)
	c.disconnect()
}

// renewFailed schedules another try after a back-off and tells the caller.
func (d *MQTTDevice) renewFailed(err error) {
	d.mu.Lock()
	d.identity.failures++
	d.identity.retryAt = d.opts.Clock.Now().Add(d.opts.Retry.Delay(d.identity.failures))
	d.mu.Unlock()
	d.report(StateChange{State: StateRenewFailed, Err: err})
}

// reconnect dials again with back-off until it succeeds (true), or the hub
// refuses the device (a failure that is not retryable), the retry policy runs
// out or the device closes (false).
func (d *MQTTDevice) reconnect() bool {
	final := func(err error) bool { return !IsRetryable(err) }
	err := reconnectWithBackOff(d.ctx, d.opts.Clock, d.opts.Retry, final, d.report, d.redial)
	if err != nil && d.ctx.Err() == nil {
		d.giveUp(err)
	}
	return err == nil
}

func (d *MQTTDevice) redial(attempt int) error {
	ctx, cancel := context.WithTimeout(d.ctx, opTimeout)
	defer cancel()
	c, err := d.dial(ctx)
	if err != nil {
		return err
	}
	d.swap(c)
	d.report(StateChange{State: StateConnected, Attempt: attempt})
	return nil
}

// giveUp ends the device for good: every Receive gets err.
func (d *MQTTDevice) giveUp(err error) {
	failed := &Error{Op: "reconnect over MQTT to " + d.ep.addr, DeviceID: d.id, Kind: ErrConnectionLost,
		Description: "gave up: " + describe(err), Err: err}
	d.mu.Lock()
	d.failed = failed
	d.mu.Unlock()
	d.report(StateChange{State: StateClosed, Err: failed})
	d.stop()
}

func (d *MQTTDevice) report(s StateChange) {
	if d.opts.OnStateChange == nil {
		return
	}
	s.Connection, s.Host, s.DeviceID = "mqtt", d.ep.hostName, d.id
	d.opts.OnStateChange(s)
}

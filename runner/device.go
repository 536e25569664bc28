package runner

import (
	"context"
	"fmt"
	"time"

	"github.com/hubspec/hubspec/iothub"
	"github.com/hubspec/hubspec/runner/ledger"
)

// connectDevice brings d online: it opens the device over its transport and starts its
// receive loop, which the session owns.
func (s *session) connectDevice(ctx context.Context, d *fleetDevice) error {
	client, err := s.fleet.open(ctx, d)
	if err != nil {
		return fmt.Errorf("device %s: connect: %w", d.ID, err)
	}
	loopCtx, stop := context.WithCancel(s.base)
	d.mu.Lock()
	d.client, d.stop = client, stop
	d.loops.Add(1)
	d.mu.Unlock()
	go func() {
		defer d.loops.Done()
		s.receive(loopCtx, d, client)
	}()
	return nil
}

// disconnectDevice takes d offline: its loop ends after the settlement under way, and
// deliveries it holds unsettled (delayed settlements not yet made, ignored messages) go
// back to the hub's queue with its link.
func (s *session) disconnectDevice(ctx context.Context, d *fleetDevice) error {
	d.mu.Lock()
	client, stop := d.client, d.stop
	d.client, d.stop = nil, nil
	d.mu.Unlock()
	if client == nil {
		return nil
	}
	stop()
	d.loops.Wait()
	if err := client.Close(ctx); err != nil {
		return fmt.Errorf("device %s: disconnect: %w", d.ID, err)
	}
	return nil
}

// receive is a device's loop: each delivery is recorded, then settled as the group's
// behaviour decides. It ends when ctx does, or with the first receive error, which the
// session reports at its next step.
func (s *session) receive(ctx context.Context, d *fleetDevice, client iothub.Device) {
	for {
		m, err := client.Receive(ctx)
		if err != nil {
			if ctx.Err() == nil {
				s.deviceFailed(fmt.Errorf("device %s stopped receiving: %w", d.ID, err))
			}
			return
		}
		s.deliver(ctx, d, client, m)
	}
}

// deliver records a delivery and settles it, at once or after the behaviour's delay.
func (s *session) deliver(ctx context.Context, d *fleetDevice, client iothub.Device, m *iothub.Message) {
	s.inflight.add()
	rcv := receivedOf(m, d.Group.Transport)
	s.led.RecordDelivery(ledger.Delivery{MessageID: m.MessageID, Device: d.hubID, Transport: d.transport(),
		DeliveryCount: m.DeliveryCount, Properties: rcv.Properties, System: systemOf(rcv), Body: m.Body, At: time.Now()})
	d.seen[m.MessageID]++
	disp, delay := d.Group.Behaviour.Decide(rcv, s.vars(d.Device, d.hubID, 0), d.seen[m.MessageID])
	if delay <= 0 {
		s.settle(ctx, d, client, m, disp)
		return
	}
	d.loops.Add(1)
	go func() {
		defer d.loops.Done()
		if pause(ctx, delay) {
			s.settle(ctx, d, client, m, disp)
			return
		}
		s.inflight.done() // disconnected first: the hub takes the message back
	}()
}

// settleTimeout bounds one settlement call.
const settleTimeout = 30 * time.Second

// settle settles m as disp says and records what happened, failed calls included. The
// call is not cut short by a disconnect that comes while it is under way: a device
// finishes what it is doing before it goes offline.
func (s *session) settle(_ context.Context, d *fleetDevice, client iothub.Device, m *iothub.Message, disp Disposition) {
	ctx, cancel := context.WithTimeout(s.base, settleTimeout)
	defer cancel()
	var err error
	switch disp {
	case Complete:
		err = client.Complete(ctx, m)
	case Reject:
		err = client.Reject(ctx, m)
	case Abandon:
		err = client.Abandon(ctx, m)
	}
	s.led.RecordSettlement(ledger.Settlement{MessageID: m.MessageID, Device: d.hubID, Transport: d.transport(),
		Disposition: ledger.Disposition(disp), Err: err, At: time.Now()})
	s.inflight.done()
}

package runner

import (
	"context"
	"fmt"
	"time"
)

// connectAll connects devices, a bounded number at once, reporting progress for fleets.
func (s *session) connectAll(ctx context.Context, ds []*fleetDevice) error {
	return forEach(ctx, ds, connectConcurrency, s.connectDevice, s.meter("connecting devices", len(ds)).add)
}

func (s *session) connectStep(ctx context.Context, sel Selector) error {
	ds := s.fleet.resolve(s.sc, sel)
	if err := s.connectAll(ctx, ds); err != nil {
		return err
	}
	now := time.Now()
	for _, d := range ds {
		s.led.RecordDeviceOnline(d.hubID, now)
	}
	return nil
}

func (s *session) disconnectStep(ctx context.Context, sel Selector) error {
	ds := s.fleet.resolve(s.sc, sel)
	if err := forEach(ctx, ds, connectConcurrency, s.disconnectDevice, func() {}); err != nil {
		return err
	}
	now := time.Now()
	for _, d := range ds {
		s.led.RecordDeviceOffline(d.hubID, now)
	}
	return nil
}

// purgeStep empties the devices' queues through the registry.
func (s *session) purgeStep(ctx context.Context, sel Selector) error {
	return forEach(ctx, s.fleet.resolve(s.sc, sel), connectConcurrency, func(ctx context.Context, d *fleetDevice) error {
		res, err := s.hub.registry.PurgeQueue(ctx, d.hubID)
		if err != nil {
			return fmt.Errorf("purge the queue of device %s: %w", d.ID, err)
		}
		s.led.RecordPurge(d.hubID, res.TotalMessagesPurged, time.Now())
		return nil
	}, func() {})
}

// waitStep lets time pass, for the reason the scenario states.
func (s *session) waitStep(ctx context.Context, w *Wait) error {
	if !pause(ctx, w.For) {
		return ctx.Err()
	}
	return nil
}

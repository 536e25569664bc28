package runner

import (
	"context"
	"errors"
	"fmt"

	"github.com/hubspec/hubspec/iothub"
)

// provision creates the fleet's identities with the bulk registry operation (100 a call)
// and keeps each device's connection string. An identity that already exists (left by a
// run that was killed) is reused with its queue purged, so no old message reaches the
// scenario.
func (s *session) provision(ctx context.Context) error {
	ds := s.fleet.order
	if len(ds) == 0 {
		return nil
	}
	ids := make([]iothub.DeviceIdentity, len(ds))
	for i, d := range ds {
		ids[i].DeviceID = d.hubID
	}
	s.mu.Lock()
	s.provisioned = hubIDs(ds) // deleted at the end even if the create fails half-way
	s.mu.Unlock()
	res, err := s.hub.registry.CreateDevices(ctx, ids)
	if err != nil {
		return fmt.Errorf("could not provision the fleet: %w", err)
	}
	return s.useIdentities(ctx, res)
}

// useIdentities keeps the connection strings of the created devices and takes over the
// ones that existed.
func (s *session) useIdentities(ctx context.Context, res *iothub.BulkResult) error {
	byID := make(map[string]*fleetDevice, len(s.fleet.order))
	for _, d := range s.fleet.order {
		byID[d.hubID] = d
	}
	failed := map[string]bool{}
	for _, f := range res.Failed {
		failed[f.DeviceID] = true
		if err := s.reuse(ctx, byID[f.DeviceID], f.Err); err != nil {
			return err
		}
	}
	for i := range res.Devices {
		if d := byID[res.Devices[i].DeviceID]; d != nil && !failed[d.hubID] {
			d.cs = res.Devices[i].ConnectionString(s.hub.cs.HostName)
		}
	}
	return nil
}

// reuse takes over an identity that exists: its keys, and an empty queue.
func (s *session) reuse(ctx context.Context, d *fleetDevice, cause *iothub.Error) error {
	if d == nil || !errors.Is(cause, iothub.ErrDeviceAlreadyExists) {
		return fmt.Errorf("could not provision the fleet: %w", cause)
	}
	dev, err := s.hub.registry.GetDevice(ctx, d.hubID)
	if err != nil {
		return fmt.Errorf("could not provision device %s: %w", d.ID, err)
	}
	if _, err := s.hub.registry.PurgeQueue(ctx, d.hubID); err != nil {
		return fmt.Errorf("could not purge the queue of device %s before use: %w", d.ID, err)
	}
	d.cs = dev.ConnectionString(s.hub.cs.HostName)
	return nil
}

// deprovision deletes the identities the session created; one already gone is fine.
func (s *session) deprovision(ctx context.Context) error {
	s.mu.Lock()
	ids := s.provisioned
	s.provisioned = nil
	s.mu.Unlock()
	if len(ids) == 0 || s.hub == nil {
		return nil
	}
	res, err := s.hub.registry.DeleteDevices(ctx, ids)
	if err != nil {
		return fmt.Errorf("delete the fleet's devices: %w", err)
	}
	for _, f := range res.Failed {
		if !errors.Is(f.Err, iothub.ErrDeviceNotFound) {
			return fmt.Errorf("delete the fleet's devices: %w", f.Err)
		}
	}
	return nil
}

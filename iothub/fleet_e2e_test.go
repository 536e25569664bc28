package iothub

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"testing"

	"github.com/hubspec/hubspec/hub"
)

// fleetSize is the fleet of the issue: about what the telemetry simulator
// multiplexes on one connection.
const fleetSize = 1000

// A fleet of 1,000 devices created in bulk (keys made by the client) is
// connected over one AMQP connection, each device with its own token and
// link; each receives the one message sent to it and completes it. The fleet
// is then deleted in bulk.
func TestE2EThousandDevicesOnOneConnection(t *testing.T) {
	h := startHub(t, hub.Options{})
	reg := h.registry()
	ctx, cancel := context.WithTimeout(context.Background(), 4*patience)
	defer cancel()
	fleet := make([]DeviceIdentity, fleetSize)
	for i := range fleet {
		fleet[i].DeviceID = fmt.Sprintf("fleet-%04d", i)
	}
	created, err := reg.CreateDevices(ctx, fleet)
	if err != nil || created.Err() != nil {
		t.Fatalf("bulk create: %v, %v", err, created.Err())
	}

	conn, err := NewDeviceConnection(ctx, h.owner.HostName, h.options())
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = conn.Close(context.Background()) }()
	devices := make([]*AMQPDevice, fleetSize)
	var failures atomic.Int32
	forEach(ctx, 64, indexes(fleetSize), func(ctx context.Context, i int) {
		d, err := conn.AddDevice(ctx, created.Devices[i].ConnectionString(h.owner.HostName))
		if err != nil && failures.Add(1) < 5 {
			t.Errorf("add %s: %v", fleet[i].DeviceID, err)
		}
		devices[i] = d
	})
	if failures.Load() > 0 || conn.Len() != fleetSize {
		t.Fatalf("%d devices on the connection, %d failed; want %d", conn.Len(), failures.Load(), fleetSize)
	}

	svc := h.service(h.options())
	forEach(ctx, 64, indexes(fleetSize), func(ctx context.Context, i int) {
		if err := svc.Send(ctx, fleet[i].DeviceID, &Message{Body: []byte(fleet[i].DeviceID)}); err != nil && failures.Add(1) < 5 {
			t.Errorf("send to %s: %v", fleet[i].DeviceID, err)
		}
	})
	forEach(ctx, 64, devices, func(ctx context.Context, d *AMQPDevice) {
		if err := receiveOwn(ctx, d); err != nil && failures.Add(1) < 5 {
			t.Error(err)
		}
	})
	if failures.Load() > 0 {
		t.FailNow()
	}
	if err := conn.Close(ctx); err != nil {
		t.Fatal(err)
	}
	deleteFleet(t, ctx, reg, fleet)
}

// receiveOwn receives d's one message, checks it is d's, and completes it.
func receiveOwn(ctx context.Context, d *AMQPDevice) error {
	m, err := d.Receive(ctx)
	if err != nil {
		return fmt.Errorf("device %s: %w", d.DeviceID(), err)
	}
	if string(m.Body) != d.DeviceID() {
		return fmt.Errorf("device %s got %q", d.DeviceID(), m.Body)
	}
	return d.Complete(ctx, m)
}

// deleteFleet deletes the fleet in bulk and checks that every device is gone.
func deleteFleet(t *testing.T, ctx context.Context, reg *Registry, fleet []DeviceIdentity) {
	t.Helper()
	ids := make([]string, len(fleet))
	for i, d := range fleet {
		ids[i] = d.DeviceID
	}
	deleted, err := reg.DeleteDevices(ctx, ids)
	if err != nil || deleted.Err() != nil {
		t.Fatalf("bulk delete: %v, %v", err, deleted.Err())
	}
	var left atomic.Int32
	forEach(ctx, 16, ids, func(ctx context.Context, id string) {
		if _, err := reg.GetDevice(ctx, id); !errors.Is(err, ErrDeviceNotFound) {
			left.Add(1)
		}
	})
	if left.Load() > 0 {
		t.Fatalf("%d devices still there after the bulk delete", left.Load())
	}
}

package runner

import (
	"context"
	"fmt"
	"sync"

	"github.com/hubspec/hubspec/iothub"
	"github.com/hubspec/hubspec/runner/ledger"
)

// devicesPerConnection is how many AMQP devices share one connection, as the Azure
// telemetry simulator multiplexes them (each device still has its own CBS token and
// link).
const devicesPerConnection = 500

// connectConcurrency bounds the devices connecting at once.
const connectConcurrency = 64

// fleet is the scenario's devices as they run: their ids on the hub, their credentials,
// and the AMQP connections they share.
type fleet struct {
	hostName string
	opts     iothub.Options
	devices  map[string]*fleetDevice // by the id written in the spec
	order    []*fleetDevice

	mu    sync.Mutex
	conns []*iothub.DeviceConnection // by slot; nil until a device of the slot connects
}

// fleetDevice is one device of the fleet.
type fleetDevice struct {
	Device                         // as the spec names it
	hubID  string                  // as the hub knows it
	cs     iothub.ConnectionString // set once provisioned
	slot   int                     // which shared connection it uses

	mu     sync.Mutex
	client iothub.Device      // nil while offline
	stop   context.CancelFunc // ends the receive loop
	loops  sync.WaitGroup     // the receive loop and delayed settlements
	seen   map[string]int     // deliveries per message id, for settle sequences
}

// transport is the device's transport in the ledger's terms.
func (d *fleetDevice) transport() ledger.Transport {
	if d.Group.Transport == MQTT {
		return ledger.MQTT
	}
	return ledger.AMQP
}

func newFleet(sc *Scenario, ids idMap, hostName string, opts iothub.Options) *fleet {
	f := &fleet{hostName: hostName, opts: opts, devices: map[string]*fleetDevice{}}
	amqp := 0
	for _, d := range sc.Devices() {
		fd := &fleetDevice{Device: d, hubID: ids.hub(d.ID), slot: amqp / devicesPerConnection, seen: map[string]int{}}
		if d.Group.Transport != MQTT {
			amqp++
		}
		f.devices[d.ID] = fd
		f.order = append(f.order, fd)
	}
	return f
}

// resolve returns the devices a selector names, in fleet order.
func (f *fleet) resolve(sc *Scenario, sel Selector) []*fleetDevice {
	ds := sc.Resolve(sel)
	out := make([]*fleetDevice, 0, len(ds))
	for _, d := range ds {
		out = append(out, f.devices[d.ID])
	}
	return out
}

// hubIDs returns the devices' ids on the hub.
func hubIDs(ds []*fleetDevice) []string {
	ids := make([]string, len(ds))
	for i, d := range ds {
		ids[i] = d.hubID
	}
	return ids
}

// conn returns the shared connection of a slot, dialling it on first use.
func (f *fleet) conn(ctx context.Context, slot int) (*iothub.DeviceConnection, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for len(f.conns) <= slot {
		f.conns = append(f.conns, nil)
	}
	if f.conns[slot] != nil {
		return f.conns[slot], nil
	}
	c, err := iothub.NewDeviceConnection(ctx, f.hostName, &f.opts)
	if err != nil {
		return nil, fmt.Errorf("device connection: %w", err)
	}
	f.conns[slot] = c
	return c, nil
}

// open connects one device over its transport: an MQTT device on a connection of its
// own, as MQTT has one client per connection; an AMQP device on its shared connection.
func (f *fleet) open(ctx context.Context, d *fleetDevice) (iothub.Device, error) {
	if d.Group.Transport == MQTT {
		return iothub.OpenMQTTDevice(ctx, d.cs, &f.opts)
	}
	c, err := f.conn(ctx, d.slot)
	if err != nil {
		return nil, err
	}
	return c.AddDevice(ctx, d.cs)
}

// closeConns closes every shared connection.
func (f *fleet) closeConns(ctx context.Context) error {
	f.mu.Lock()
	conns := f.conns
	f.conns = nil
	f.mu.Unlock()
	var first error
	for _, c := range conns {
		if c != nil {
			if err := c.Close(ctx); err != nil && first == nil {
				first = err
			}
		}
	}
	return first
}

// forEach runs fn for each device, at most limit at once, and returns the first error.
// done is called after each device.
func forEach(ctx context.Context, ds []*fleetDevice, limit int, fn func(context.Context, *fleetDevice) error, done func()) error {
	sem := make(chan struct{}, limit)
	var wg sync.WaitGroup
	var once sync.Once
	var first error
	for _, d := range ds {
		sem <- struct{}{}
		wg.Add(1)
		go func() {
			defer func() { <-sem; wg.Done() }()
			if err := fn(ctx, d); err != nil {
				once.Do(func() { first = err })
			}
			done()
		}()
	}
	wg.Wait()
	return first
}

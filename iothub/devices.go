package iothub

import (
	"context"
	"sync"
)

// restoreConcurrency bounds the links attached at once after a reconnect.
const restoreConcurrency = 64

// DeviceConnection is one AMQP connection that carries many devices, each
// with its own CBS token, as the telemetry simulator multiplexes about 1,000
// devices per connection. It reconnects with back-off after a loss, puts every
// device's token again and re-attaches every device's link; Options.
// OnStateChange hears about it.
type DeviceConnection struct {
	hostName string
	conn     *connection
	opts     Options

	mu      sync.Mutex
	devices map[string]*AMQPDevice
}

// NewDeviceConnection connects to the hub hostName (Options.AMQPAddr to dial
// elsewhere). Add devices with AddDevice.
func NewDeviceConnection(ctx context.Context, hostName string, opts *Options) (*DeviceConnection, error) {
	return newDeviceConnection(ctx, hostName, "", opts)
}

func newDeviceConnection(ctx context.Context, hostName, gateway string, opts *Options) (*DeviceConnection, error) {
	o := opts.withDefaults()
	dc := &DeviceConnection{hostName: hostName, opts: o, devices: map[string]*AMQPDevice{}}
	conn, err := dialConnection(ctx, "devices", newEndpoint(hostName, gateway, o.AMQPAddr, "5671"), o, nil)
	if err != nil {
		return nil, err
	}
	conn.restore = dc.restore
	dc.conn = conn
	return dc, nil
}

// AddDevice authenticates the device of cs on this connection and attaches
// its C2D link. cs must name the connection's hub.
func (dc *DeviceConnection) AddDevice(ctx context.Context, cs ConnectionString) (*AMQPDevice, error) {
	if err := checkDevice(cs); err != nil {
		return nil, err
	}
	if cs.HostName != dc.hostName {
		return nil, &Error{Op: "add device", DeviceID: cs.DeviceID, Kind: ErrArgument,
			Description: "the device's HostName " + cs.HostName + " is not this connection's hub " + dc.hostName}
	}
	id, err := deviceIdentity(cs)
	if err != nil {
		return nil, err
	}
	d := &AMQPDevice{id: cs.DeviceID, identity: id, conn: dc.conn, shared: dc, opts: dc.opts}
	d.recv = newLinkSlot(dc.conn, d.openReceiver)
	if err := dc.add(d); err != nil {
		return nil, err
	}
	if err := dc.attach(ctx, d); err != nil {
		dc.remove(d)
		return nil, err
	}
	return d, nil
}

func (dc *DeviceConnection) attach(ctx context.Context, d *AMQPDevice) error {
	if err := dc.conn.authorize(ctx, d.identity); err != nil {
		return err
	}
	if _, _, err := d.recv.get(ctx); err != nil {
		dc.conn.forget(d.identity)
		return opError("attach C2D link", d.id, deviceSide, err)
	}
	return nil
}

func (dc *DeviceConnection) add(d *AMQPDevice) error {
	dc.mu.Lock()
	defer dc.mu.Unlock()
	if _, dup := dc.devices[d.id]; dup {
		return &Error{Op: "add device", DeviceID: d.id, Kind: ErrDeviceAlreadyExists, Description: "the device is already on this connection"}
	}
	dc.devices[d.id] = d
	return nil
}

func (dc *DeviceConnection) remove(d *AMQPDevice) {
	dc.mu.Lock()
	defer dc.mu.Unlock()
	if dc.devices[d.id] == d {
		delete(dc.devices, d.id)
	}
}

// Len is the number of devices on the connection.
func (dc *DeviceConnection) Len() int {
	dc.mu.Lock()
	defer dc.mu.Unlock()
	return len(dc.devices)
}

// restore re-attaches every device's link after a reconnect.
func (dc *DeviceConnection) restore(ctx context.Context, _ *generation) {
	dc.mu.Lock()
	devices := make([]*AMQPDevice, 0, len(dc.devices))
	for _, d := range dc.devices {
		devices = append(devices, d)
	}
	dc.mu.Unlock()
	forEach(ctx, restoreConcurrency, devices, func(ctx context.Context, d *AMQPDevice) {
		_, _, _ = d.recv.get(ctx) // a failure shows on the device's next Receive
	})
}

// Close closes the connection and with it every device on it.
func (dc *DeviceConnection) Close(ctx context.Context) error {
	return dc.conn.close(ctx)
}

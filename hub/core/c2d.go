package core

import "fmt"

// Enqueue accepts a C2D message for a device (spec §4.3): the device must
// exist, the message must fit MaxMessageSize, the simulated throttle (if any)
// must allow it and the queue must hold fewer than MaxQueueDepth messages. On
// success the hub owns msg and stamps its sequence number, enqueued time and
// effective expiry. Errors match ErrDeviceNotFound, ErrMessageTooLarge,
// ErrThrottled, ErrQueueFull, ErrArgument or ErrClosed.
func (h *Hub) Enqueue(deviceID string, msg *Message) error {
	if msg == nil {
		return errorf(CodeArgumentInvalid, "no message")
	}
	d, ok := h.registry.get(deviceID)
	if !ok {
		return deviceNotFound(deviceID)
	}
	if n := msg.size(); n > MaxMessageSize {
		return errorf(CodeMessageTooLarge, fmt.Sprintf("Message size is %d bytes which is greater than the max size %d bytes allowed.", n, MaxMessageSize))
	}
	if !h.throttle.allow() {
		return errorf(CodeThrottlingException, fmt.Sprintf("C2D send rate of %.2f messages/s exceeded (simulated %s throttling)", h.throttle.rate, h.cfg.Emulator.Throttling.Tier))
	}
	wake, err := d.queue.push(msg)
	switch {
	case err == ErrQueueFull:
		return errorf(CodeDeviceMaximumQueueDepthExceeded, fmt.Sprintf("device %s: C2D messages enqueued for the device exceeded the queue limit of %d", deviceID, MaxQueueDepth))
	case err != nil:
		return deviceNotFound(deviceID)
	}
	notifyAll(wake)
	return nil
}

// DeviceReceiver receives one device's C2D messages. The head pulls with
// TryReceive whenever it has room (link credit, MQTT in-flight window) and
// after each notify, and settles by lock token: Complete (Success feedback for
// ack positive or full), Reject (dead-lettered: Rejected for negative or full),
// Abandon (back to the queue with the delivery count raised; at the hub's
// maxDeliveryCount dead-lettered: DeliveryCountExceeded).
type DeviceReceiver struct {
	settler[*Message]
	deviceID string
}

// OpenDeviceReceiver starts receiving a device's messages. notify is called,
// from any goroutine and never under a core lock, whenever a message may be
// available (also spuriously, and when the device is deleted or the hub
// closes); it must not block. Messages queued before the receiver opened
// notify nobody: pull once after opening (as an AMQP head does when credit
// arrives). Several receivers of one device compete.
func (h *Hub) OpenDeviceReceiver(deviceID string, notify func()) (*DeviceReceiver, error) {
	d, ok := h.registry.get(deviceID)
	if !ok {
		return nil, deviceNotFound(deviceID)
	}
	r, err := d.queue.addReceiver(notify)
	if err != nil {
		return nil, deviceNotFound(deviceID)
	}
	return &DeviceReceiver{settler: settler[*Message]{queue: d.queue, r: r}, deviceID: deviceID}, nil
}

// DeviceID is the device whose queue this is.
func (r *DeviceReceiver) DeviceID() string { return r.deviceID }

// TryReceive locks the next Enqueued message for this receiver without
// blocking; ok is false when there is none. The error is ErrDeviceNotFound
// once the device is deleted, ErrClosed once the hub is.
func (r *DeviceReceiver) TryReceive() (d Delivery, ok bool, err error) {
	got, ok, err := r.queue.receive(r.r)
	if !ok || err != nil {
		return Delivery{}, false, err
	}
	return Delivery{Message: got.item, DeliveryCount: got.deliveries, LockToken: got.lock}, true, nil
}

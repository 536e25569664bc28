package core

import (
	"fmt"
	"time"
)

// CreateDevice registers a new device with a new generationId, generating the
// keys left empty. An existing id is ErrDeviceExists.
func (h *Hub) CreateDevice(spec DeviceSpec) (Device, error) {
	if h.life.isClosed() {
		return Device{}, ErrClosed
	}
	if err := ValidateDeviceID(spec.DeviceID); err != nil {
		return Device{}, err
	}
	status, err := normalizeStatus(spec.Status)
	if err != nil {
		return Device{}, err
	}
	primary, secondary, err := h.keys.fill(spec.PrimaryKey, spec.SecondaryKey)
	if err != nil {
		return Device{}, err
	}
	keys, err := decodeKeys(primary, secondary)
	if err != nil {
		return Device{}, errorf(CodeArgumentInvalid, "device "+spec.DeviceID+": "+err.Error())
	}
	d, err := h.insertDevice(spec, status, primary, secondary, keys)
	if err != nil {
		return Device{}, err
	}
	h.log.Debug("device created", "device", spec.DeviceID)
	return h.snapshot(d), nil
}

func (h *Hub) insertDevice(spec DeviceSpec, status DeviceStatus, primary, secondary string, keys [][]byte) (*device, error) {
	r := &h.registry
	r.mu.Lock()
	defer r.mu.Unlock()
	if _, exists := r.devices[spec.DeviceID]; exists {
		return nil, errorf(CodeDeviceAlreadyExists, fmt.Sprintf("device %s already exists", spec.DeviceID))
	}
	now := h.clock.Now()
	d := &device{keys: keys, info: Device{
		DeviceID: spec.DeviceID, GenerationID: r.nextGeneration(now), ETag: r.nextETag(),
		Status: status, StatusReason: spec.StatusReason, StatusUpdatedTime: now,
		PrimaryKey: primary, SecondaryKey: secondary, ConnectionStateUpdatedTime: now,
	}}
	d.queue = h.newDeviceQueue(spec.DeviceID, d.info.GenerationID)
	r.devices[spec.DeviceID] = d
	return d, nil
}

// UpdateDevice changes the keys (empty ones are kept), status and status reason
// of an existing device if ifMatch ("", "*" or its etag) matches; the etag
// changes, the generationId and the queue stay.
func (h *Hub) UpdateDevice(spec DeviceSpec, ifMatch string) (Device, error) {
	status, err := normalizeStatus(spec.Status)
	if err != nil {
		return Device{}, err
	}
	r := &h.registry
	r.mu.Lock()
	d, ok := r.devices[spec.DeviceID]
	if !ok {
		r.mu.Unlock()
		return Device{}, deviceNotFound(spec.DeviceID)
	}
	err = h.updateLocked(d, spec, status, ifMatch)
	r.mu.Unlock()
	if err != nil {
		return Device{}, err
	}
	return h.snapshot(d), nil
}

// updateLocked applies an update to d. registry.mu held.
func (h *Hub) updateLocked(d *device, spec DeviceSpec, status DeviceStatus, ifMatch string) error {
	if !etagMatches(ifMatch, d.info.ETag) {
		return errorf(CodePreconditionFailed, fmt.Sprintf("device %s: If-Match %s does not match etag %q", spec.DeviceID, ifMatch, d.info.ETag))
	}
	primary, secondary := orDefault(spec.PrimaryKey, d.info.PrimaryKey), orDefault(spec.SecondaryKey, d.info.SecondaryKey)
	keys, err := decodeKeys(primary, secondary)
	if err != nil {
		return errorf(CodeArgumentInvalid, "device "+spec.DeviceID+": "+err.Error())
	}
	now := h.clock.Now()
	if status != d.info.Status {
		d.info.StatusUpdatedTime = now
	}
	d.keys, d.info.PrimaryKey, d.info.SecondaryKey = keys, primary, secondary
	d.info.Status, d.info.StatusReason = status, spec.StatusReason
	d.info.ETag = h.registry.nextETag()
	return nil
}

func orDefault(v, def string) string {
	if v == "" {
		return def
	}
	return v
}

func deviceNotFound(id string) error {
	return errorf(CodeDeviceNotFound, fmt.Sprintf("device %s is not registered", id))
}

// Device returns a device by id.
func (h *Hub) Device(id string) (Device, error) {
	d, ok := h.registry.get(id)
	if !ok {
		return Device{}, deviceNotFound(id)
	}
	return h.snapshot(d), nil
}

// Devices returns every device, ordered by id.
func (h *Hub) Devices() []Device {
	h.registry.mu.RLock()
	all := h.registry.sortedDevices()
	h.registry.mu.RUnlock()
	out := make([]Device, len(all))
	for i, d := range all {
		out[i] = h.snapshot(d)
	}
	return out
}

// snapshot copies a device's registry entry with its live queue figures.
func (h *Hub) snapshot(d *device) Device {
	h.registry.mu.RLock()
	info := d.info
	h.registry.mu.RUnlock()
	info.CloudToDeviceMessageCount = d.queue.depth()
	info.ConnectionState = Disconnected
	if d.queue.receiverCount() > 0 {
		info.ConnectionState = Connected
	}
	return info
}

// DeleteDevice removes a device if ifMatch ("", "*" or its etag) matches. Its
// queue and its pending feedback go with it, without feedback; its receivers
// see ErrDeviceNotFound.
func (h *Hub) DeleteDevice(id, ifMatch string) error {
	r := &h.registry
	r.mu.Lock()
	d, ok := r.devices[id]
	if !ok {
		r.mu.Unlock()
		return deviceNotFound(id)
	}
	if !etagMatches(ifMatch, d.info.ETag) {
		r.mu.Unlock()
		return errorf(CodePreconditionFailed, fmt.Sprintf("device %s: If-Match %s does not match etag %q", id, ifMatch, d.info.ETag))
	}
	delete(r.devices, id)
	r.mu.Unlock()
	d.queue.shutdown(errorf(CodeDeviceNotFound, fmt.Sprintf("device %s was deleted", id)))
	h.feedback.removeDevice(id, d.info.GenerationID)
	h.log.Debug("device deleted", "device", id)
	return nil
}

// PurgeQueue deletes every message of a device's queue, Enqueued or locked,
// with Purged feedback where the ack mode asks for it. It returns how many
// messages it removed.
func (h *Hub) PurgeQueue(id string) (int, error) {
	d, ok := h.registry.get(id)
	if !ok {
		return 0, deviceNotFound(id)
	}
	n, err := d.queue.purge()
	if err != nil {
		return 0, deviceNotFound(id)
	}
	return n, nil
}

// newDeviceQueue makes the C2D queue of one generation of a device.
func (h *Hub) newDeviceQueue(deviceID, generationID string) *lockQueue[*Message] {
	c := h.cfg
	ttl := time.Duration(c.CloudToDevice.DefaultTTL)
	return newLockQueue(queueSettings{
		clock: h.clock, life: &h.life, tokens: h.tokens, limit: MaxQueueDepth,
		lockDuration: time.Duration(c.Emulator.LockDuration), maxDeliveryCount: c.CloudToDevice.MaxDeliveryCount,
	}, queueHooks[*Message]{
		admit: func(m *Message, seq uint64, now time.Time) time.Time {
			m.SequenceNumber, m.EnqueuedTime = seq, now
			m.ExpiryTime = m.AbsoluteExpiryTime
			if m.ExpiryTime.IsZero() {
				m.ExpiryTime = now.Add(ttl)
			}
			return m.ExpiryTime
		},
		end: func(m *Message, status FeedbackStatus, now time.Time) {
			if m.Ack.wants(status) {
				h.feedback.add(FeedbackRecord{
					OriginalMessageID: FormatID(m.MessageID), DeviceGenerationID: generationID,
					DeviceID: deviceID, EnqueuedTimeUTC: now, StatusCode: status,
				})
			}
		},
		after: h.feedback.flushIfFull,
	})
}

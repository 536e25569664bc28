package mqtthead

import "github.com/hubspec/hubspec/hub/core"

// pending is one QoS 1 PUBLISH the device has not acknowledged yet.
type pending struct {
	seq   uint64
	token core.LockToken
}

// inflight maps the packet ids of unacknowledged QoS 1 deliveries to the
// core's lock tokens. The core decides what is still live: a delivery whose
// lock expired, or whose message expired or was purged, no longer counts
// against the window (holds reports false for it). A message that comes back
// after its lock expired is sent again under its old packet id with DUP set,
// as long as its entry is still here.
type inflight struct {
	byID  map[uint16]*pending
	bySeq map[uint64]uint16
	last  uint16
}

func newInflight() inflight {
	return inflight{byID: map[uint16]*pending{}, bySeq: map[uint64]uint16{}}
}

// hasRoom reports whether fewer than window entries still hold their lock.
func (f *inflight) hasRoom(window int, holds func(core.LockToken) bool) bool {
	if len(f.byID) < window {
		return true
	}
	live := 0
	for _, p := range f.byID {
		if holds(p.token) {
			live++
		}
	}
	return live < window
}

// track records delivery d and returns its packet id; dup is true when d is a
// redelivery of a message already sent on this connection. The table keeps at
// most 2×window entries: stale ones are dropped first when it is full.
func (f *inflight) track(d core.Delivery, window int, holds func(core.LockToken) bool) (id uint16, dup bool) {
	seq := d.Message.SequenceNumber
	if id, ok := f.bySeq[seq]; ok {
		f.byID[id].token = d.LockToken
		return id, true
	}
	if len(f.byID) >= 2*window {
		f.prune(holds)
	}
	id = f.nextID()
	f.byID[id] = &pending{seq: seq, token: d.LockToken}
	f.bySeq[seq] = id
	return id, false
}

// acknowledge removes packet id and returns its lock token; ok is false for a
// packet id the table does not know (a duplicate or a stray PUBACK).
func (f *inflight) acknowledge(id uint16) (core.LockToken, bool) {
	p, ok := f.byID[id]
	if !ok {
		return core.LockToken{}, false
	}
	f.remove(id, p)
	return p.token, true
}

// prune drops the entries that no longer hold their lock.
func (f *inflight) prune(holds func(core.LockToken) bool) {
	for id, p := range f.byID {
		if !holds(p.token) {
			f.remove(id, p)
		}
	}
}

func (f *inflight) remove(id uint16, p *pending) {
	delete(f.byID, id)
	delete(f.bySeq, p.seq)
}

// nextID returns the next packet id after the last one, skipping 0 and ids
// in use. The table never holds 65,535 entries, so one is always free.
func (f *inflight) nextID() uint16 {
	for {
		f.last++
		if _, used := f.byID[f.last]; f.last != 0 && !used {
			return f.last
		}
	}
}

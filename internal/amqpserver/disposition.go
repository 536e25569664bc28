package amqpserver

import (
	"slices"

	"github.com/hubspec/hubspec/internal/amqpwire"
)

// pendingDisposition holds the disposition the connection is about to send,
// so that settling consecutive deliveries the same way costs one frame. It is
// written out before any other frame, which keeps the order of frames the
// order of calls (a CBS reply never overtakes the settlement of its request).
type pendingDisposition struct {
	session *Session
	disp    amqpwire.Disposition
	active  bool
}

// queueDisposition sends a disposition for one delivery, merged with the
// pending one when it extends its range with the same role, settlement and a
// state without fields.
func (c *Conn) queueDisposition(s *Session, role amqpwire.Role, id uint32, settled bool, state amqpwire.DeliveryState) {
	p := &c.pendingDisp
	if p.active && p.session == s && p.disp.Role == role && p.disp.Settled == settled &&
		p.disp.Last.Or(p.disp.First)+1 == id && mergeable(p.disp.State, state) {
		p.disp.Last = amqpwire.Some(id)
		return
	}
	c.flushDisposition()
	*p = pendingDisposition{session: s, active: true, disp: amqpwire.Disposition{
		Role: role, First: id, Settled: settled, State: state,
	}}
}

// mergeable reports whether two states are the same state without fields.
func mergeable(a, b amqpwire.DeliveryState) bool {
	switch a.(type) {
	case amqpwire.Accepted:
		_, ok := b.(amqpwire.Accepted)
		return ok
	case amqpwire.Released:
		_, ok := b.(amqpwire.Released)
		return ok
	}
	return false
}

// flushDisposition writes the pending disposition.
func (c *Conn) flushDisposition() {
	p := &c.pendingDisp
	if !p.active {
		return
	}
	p.active = false
	if p.session.ending {
		return
	}
	out, err := amqpwire.AppendFrame(c.out, p.session.localChannel, &p.disp)
	if err != nil {
		c.log.Error("cannot encode a disposition", "error", err)
		return
	}
	c.out = out
}

// onDisposition applies the peer's disposition to each delivery in its range.
// Unknown and already settled delivery ids are ignored.
func (s *Session) onDisposition(d *amqpwire.Disposition) {
	last := d.Last.Or(d.First)
	deliveries := s.outUnsettled
	if d.Role == amqpwire.RoleSender {
		deliveries = s.inUnsettled
	}
	for _, dl := range inRange(deliveries, d.First, last) {
		if d.Role == amqpwire.RoleReceiver {
			dl.link.onPeerOutcome(dl, d.Settled, d.State)
		} else if d.Settled {
			dl.link.onPeerSettled(dl)
		}
	}
}

// inRange returns the deliveries with ids first..last (serial-number order),
// walking whichever is smaller: the range or the map.
func inRange(m map[uint32]*Delivery, first, last uint32) []*Delivery {
	span := uint64(last-first) + 1
	var found []*Delivery
	if span <= uint64(len(m)) {
		for id := first; ; id++ {
			if dl, ok := m[id]; ok {
				found = append(found, dl)
			}
			if id == last {
				break
			}
		}
		return found
	}
	for id, dl := range m {
		if id-first <= last-first {
			found = append(found, dl)
		}
	}
	slices.SortFunc(found, func(a, b *Delivery) int { return int(int32(a.ID - b.ID)) })
	return found
}

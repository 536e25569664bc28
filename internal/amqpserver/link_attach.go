package amqpserver

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/hubspec/hubspec/internal/amqpwire"
)

// onAttach handles a link the peer attaches: find its node, ask it, answer.
func (s *Session) onAttach(a *amqpwire.Attach) {
	c := s.conn
	if a.Handle > c.opts.HandleMax {
		c.closeWith(amqpwire.NewError(amqpwire.ConditionFramingError,
			fmt.Sprintf("attach with handle %d, above handle-max %d", a.Handle, c.opts.HandleMax)))
		return
	}
	if s.byInput[a.Handle] != nil {
		s.end(amqpwire.NewError(amqpwire.ConditionHandleInUse, fmt.Sprintf("handle %d is already attached", a.Handle)))
		return
	}
	l, ok := s.newLink(a)
	if !ok {
		s.end(amqpwire.NewError(amqpwire.ConditionResourceLimitExceeded, "no free handle for a new link"))
		return
	}
	accept, err := s.route(l, a)
	if err != nil {
		l.refuse(a, asAMQPError(err))
		return
	}
	l.accept(a, accept)
}

func (s *Session) newLink(a *amqpwire.Attach) (*Link, bool) {
	out, ok := s.freeHandle()
	if !ok {
		return nil, false
	}
	l := &Link{
		session: s, name: a.Name, role: !a.Role, inputHandle: a.Handle, outputHandle: out,
		source: a.Source, target: a.Target, properties: a.Properties,
		sndMode: a.SndSettleMode, rcvMode: a.RcvSettleMode,
	}
	if l.role == amqpwire.RoleReceiver {
		l.deliveryCount = a.InitialDeliveryCount.Or(0)
	} else {
		l.maxMsgSize = a.MaxMessageSize
	}
	s.byInput[a.Handle] = l
	s.byOutput[out] = l
	return l, true
}

// freeHandle returns the lowest handle within the peer's handle-max that is free.
func (s *Session) freeHandle() (uint32, bool) {
	for h := uint32(0); ; h++ {
		if s.byOutput[h] == nil {
			return h, true
		}
		if h == s.peerHandleMax {
			return 0, false
		}
	}
}

// route finds the link's node and asks it to accept the link.
func (s *Session) route(l *Link, a *amqpwire.Attach) (Accept, error) {
	addr, dynamic := terminusAddress(a)
	l.address = NormalizeAddress(addr)
	limits := s.conn.opts.Limits
	switch {
	case len(s.byInput) > limits.MaxLinksPerSession:
		return Accept{}, amqpwire.NewError(amqpwire.ConditionResourceLimitExceeded,
			fmt.Sprintf("a session may have at most %d links", limits.MaxLinksPerSession))
	case s.conn.links() > limits.MaxLinks:
		return Accept{}, amqpwire.NewError(amqpwire.ConditionResourceLimitExceeded,
			fmt.Sprintf("a connection may have at most %d links", limits.MaxLinks))
	case dynamic:
		return Accept{}, amqpwire.NewError(amqpwire.ConditionNotImplemented, "dynamic nodes are not supported")
	}
	node, values, ok := s.conn.handler.Nodes.Match(addr)
	if !ok {
		return Accept{}, amqpwire.NewError(amqpwire.ConditionNotFound, fmt.Sprintf("no node at address %q", addr))
	}
	l.pathValues = values
	return node.Attach(l)
}

// links counts the links of all sessions.
func (c *Conn) links() int {
	n := 0
	for _, s := range c.sessions {
		n += len(s.byInput)
	}
	return n
}

// terminusAddress returns the address of the node side of the attach: the
// target where the peer sends, the source where it receives.
func terminusAddress(a *amqpwire.Attach) (string, bool) {
	if a.Role == amqpwire.RoleSender {
		if a.Target == nil {
			return "", false
		}
		return a.Target.Address, a.Target.Dynamic
	}
	if a.Source == nil {
		return "", false
	}
	return a.Source.Address, a.Source.Dynamic
}

// accept answers the attach and, where the peer sends, grants credit.
func (l *Link) accept(a *amqpwire.Attach, acc Accept) {
	l.handler = acc.Handler
	l.sndMode = acc.SndSettleMode.Or(a.SndSettleMode)
	l.rcvMode = acc.RcvSettleMode.Or(a.RcvSettleMode)
	reply := l.replyAttach(a)
	reply.Properties = acc.Properties
	reply.MaxMessageSize = acc.MaxMessageSize
	if l.role == amqpwire.RoleReceiver {
		if reply.MaxMessageSize == 0 {
			reply.MaxMessageSize = l.session.conn.opts.Limits.MaxMessageSize
		}
		l.maxMsgSize = reply.MaxMessageSize
		l.creditWindow = cmp.Or(acc.Credit, l.session.conn.opts.Credit)
	}
	c := l.session.conn
	c.writeFrame(l.session.localChannel, reply)
	if l.role == amqpwire.RoleReceiver {
		l.topUpCredit()
	} else if l.handler.Credit == nil {
		c.log.Warn("node sends on a link without a Credit callback", "address", l.address)
	}
}

func (l *Link) replyAttach(a *amqpwire.Attach) *amqpwire.Attach {
	reply := &amqpwire.Attach{
		Name: a.Name, Handle: l.outputHandle, Role: l.role,
		SndSettleMode: l.sndMode, RcvSettleMode: l.rcvMode,
		Source: a.Source, Target: a.Target,
	}
	if l.role == amqpwire.RoleSender {
		reply.InitialDeliveryCount = amqpwire.Some(l.deliveryCount)
	}
	return reply
}

// refuse answers the attach with a null terminus on the node side and detaches
// the link with err (AMQP 1.0 part 2.6.3).
func (l *Link) refuse(a *amqpwire.Attach, err *amqpwire.Error) {
	c := l.session.conn
	c.log.Info("refusing link", "name", a.Name, "address", l.address, "error", err)
	reply := l.replyAttach(a)
	if l.role == amqpwire.RoleSender {
		reply.Source = nil
	} else {
		reply.Target = nil
	}
	c.writeFrame(l.session.localChannel, reply)
	l.finished = true
	l.detach(err)
}

// detach detaches the link from this side; the handles stay taken until the
// peer answers.
func (l *Link) detach(err *amqpwire.Error) {
	if l.detaching || l.session.ending {
		return
	}
	l.detaching = true
	l.session.conn.writeFrame(l.session.localChannel, &amqpwire.Detach{Handle: l.outputHandle, Closed: true, Error: err})
	l.finish(errOrNil(err))
}

// onDetach handles the peer's detach: the answer to ours or its own.
func (s *Session) onDetach(d *amqpwire.Detach) {
	l := s.byInput[d.Handle]
	if l == nil {
		s.conn.log.Debug("detach for a handle that is not attached", "handle", d.Handle)
		return
	}
	if !l.detaching {
		l.detaching = true
		s.conn.writeFrame(s.localChannel, &amqpwire.Detach{Handle: l.outputHandle, Closed: d.Closed})
	}
	l.finish(errOrNil(d.Error))
	delete(s.byInput, l.inputHandle)
	delete(s.byOutput, l.outputHandle)
}

// finish forgets the link's deliveries and calls Detached once.
func (l *Link) finish(err error) {
	if l.finished {
		return
	}
	l.finished = true
	l.detaching = true
	l.partial = nil
	unsettled := l.forgetDeliveries()
	if l.handler.Detached != nil {
		l.handler.Detached(l, err, unsettled)
	}
}

// forgetDeliveries drops the link's deliveries from the session and returns
// those the node sent that the peer never settled, in the order sent.
func (l *Link) forgetDeliveries() []*Delivery {
	s := l.session
	var unsettled []*Delivery
	for id, d := range s.inUnsettled {
		if d.link == l {
			delete(s.inUnsettled, id)
		}
	}
	for id, d := range s.outUnsettled {
		if d.link == l {
			delete(s.outUnsettled, id)
			unsettled = append(unsettled, d)
		}
	}
	s.pending = slices.DeleteFunc(s.pending, func(d *Delivery) bool {
		if d.link == l && d.settled {
			unsettled = append(unsettled, d) // sent settled but never transferred
		}
		return d.link == l
	})
	l.unsettled = 0
	slices.SortFunc(unsettled, func(a, b *Delivery) int { return cmp.Compare(a.seq, b.seq) })
	return unsettled
}

package amqpserver

import (
	"sync"

	"github.com/hubspec/hubspec/internal/amqpwire"
)

// attachInfo is what a probe node saw of one attach.
type attachInfo struct {
	name, address, id string
	role              amqpwire.Role
	mechanism         string
	identities        []Identity
	channel           uint16
	sndMode           amqpwire.SenderSettleMode
	rcvMode           amqpwire.ReceiverSettleMode
	maxMessageSize    uint64
}

// probe wraps a node and records each attach it sees, from the connection
// goroutine, for tests to read under its lock.
type probe struct {
	node Node
	mu   sync.Mutex
	seen []attachInfo
	refs []*Link
}

func (p *probe) Attach(l *Link) (Accept, error) {
	p.mu.Lock()
	p.seen = append(p.seen, attachInfo{
		name: l.Name(), address: l.Address(), id: l.PathValue("id"), role: l.Role(),
		mechanism: l.Conn().SASLMechanism(), identities: append([]Identity(nil), l.Conn().Identities()...),
		channel: l.Session().Channel(), sndMode: l.SndSettleMode(), rcvMode: l.RcvSettleMode(), maxMessageSize: l.MaxMessageSize(),
	})
	p.refs = append(p.refs, l)
	p.mu.Unlock()
	return p.node.Attach(l)
}

func (p *probe) attaches() []attachInfo {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]attachInfo(nil), p.seen...)
}

func (p *probe) links() []*Link {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]*Link(nil), p.refs...)
}

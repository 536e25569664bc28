package amqphead

import (
	"encoding/binary"
	"errors"
	"sync"

	"github.com/hubspec/hubspec/internal/amqpserver"
	"github.com/hubspec/hubspec/internal/amqpwire"
)

// cbsNode is the $cbs node (spec §2.4). A client attaches a request link (it
// sends put-token requests to $cbs) and a reply link (it receives from $cbs)
// on one session. Each request is settled first, then answered on the reply
// link of the same session, with the request's message-id as correlation-id
// and status-code 200, 400 or 401 as an AMQP int.
type cbsNode struct {
	head *Head

	mu       sync.Mutex
	sessions map[*amqpserver.Session]*cbsSession
}

// cbsSession is the $cbs state of one session: its reply link and the replies
// waiting for it (or for its credit). It is used on the session's connection
// goroutine only; cbsNode.mu guards the map, not the value.
type cbsSession struct {
	reply   *amqpserver.Link
	pending [][]byte
	nextTag uint32
}

// maxPendingReplies bounds the replies kept for a session that has no reply
// link or no credit; older ones are dropped.
const maxPendingReplies = 64

func newCBSNode(h *Head) *cbsNode {
	return &cbsNode{head: h, sessions: map[*amqpserver.Session]*cbsSession{}}
}

// Attach accepts the request link and the reply link of a session.
func (n *cbsNode) Attach(l *amqpserver.Link) (amqpserver.Accept, error) {
	if l.Role() == amqpwire.RoleReceiver {
		return amqpserver.Accept{Handler: amqpserver.LinkHandler{Message: n.onRequest}}, nil
	}
	s := n.session(l.Session())
	s.reply = l
	return amqpserver.Accept{Handler: amqpserver.LinkHandler{
		Credit:   func(l *amqpserver.Link) { s.flush() },
		Detached: func(l *amqpserver.Link, _ error, _ []*amqpserver.Delivery) { n.replyDetached(l, s) },
	}}, nil
}

func (n *cbsNode) session(key *amqpserver.Session) *cbsSession {
	n.mu.Lock()
	defer n.mu.Unlock()
	s := n.sessions[key]
	if s == nil {
		s = &cbsSession{}
		n.sessions[key] = s
	}
	return s
}

func (n *cbsNode) replyDetached(l *amqpserver.Link, s *cbsSession) {
	if s.reply == l {
		s.reply = nil
	}
}

// sessionEnded forgets a session's $cbs state.
func (n *cbsNode) sessionEnded(key *amqpserver.Session, _ error) {
	n.mu.Lock()
	delete(n.sessions, key)
	n.mu.Unlock()
}

// onRequest handles one request: settle it, check the token, reply.
func (n *cbsNode) onRequest(d *amqpserver.Delivery) {
	req, err := parsePutToken(d.Payload)
	var de *amqpwire.DecodeError
	if errors.As(err, &de) {
		d.Settle(amqpwire.Rejected{Error: newError(amqpwire.ConditionDecodeError, "CBS request: "+de.Error())})
		return
	}
	d.Settle(amqpwire.Accepted{})
	status, description := n.putToken(d.Link().Conn(), req, err)
	n.session(d.Link().Session()).send(cbsReply(req.MessageID, status, description))
}

// putToken checks a request's token and adds its identity to the connection.
func (n *cbsNode) putToken(c *amqpserver.Conn, req putToken, parseErr error) (int32, string) {
	if parseErr != nil {
		return 400, parseErr.Error()
	}
	id, err := n.head.hub.Authenticate(req.Token)
	if err != nil {
		c.Logger().Info("CBS put-token refused", "error", err)
		return 401, err.Error()
	}
	addIdentity(c, id, n.head.clock.Now(), n.head.opts.MaxIdentities)
	c.Logger().Debug("CBS put-token accepted", "identity", id.String())
	return 200, "OK"
}

// cbsReply encodes a reply: correlation-id of the request's type, status-code
// as an AMQP int (uamqp and .NET read an int), a null amqp-value body.
func cbsReply(correlationID any, status int32, description string) []byte {
	m := amqpwire.Message{
		Properties: &amqpwire.Properties{CorrelationID: correlationID},
		ApplicationProperties: amqpwire.Map{
			{Key: "status-code", Value: status},
			{Key: "status-description", Value: description},
		},
		HasValue: true,
	}
	b, err := m.MarshalBinary()
	if err != nil {
		// Only an unencodable correlation-id can fail; answer uncorrelated.
		m.Properties.CorrelationID = nil
		b, _ = m.MarshalBinary()
	}
	return b
}

// send queues a reply and sends what the reply link's credit allows.
func (s *cbsSession) send(reply []byte) {
	if len(s.pending) == maxPendingReplies {
		s.pending = s.pending[1:]
	}
	s.pending = append(s.pending, reply)
	s.flush()
}

func (s *cbsSession) flush() {
	for s.reply != nil && s.reply.Credit() > 0 && len(s.pending) > 0 {
		tag := binary.LittleEndian.AppendUint32(nil, s.nextTag)
		if _, err := s.reply.Send(tag, s.pending[0], true); err != nil {
			s.reply.Conn().Logger().Warn("CBS reply not sent", "error", err)
			return
		}
		s.nextTag++
		s.pending[0] = nil
		s.pending = s.pending[1:]
	}
}

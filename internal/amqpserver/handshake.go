package amqpserver

import (
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"time"

	"github.com/hubspec/hubspec/internal/amqpwire"
)

// The handshake is a chain of states (after go-amqp's conn.go): protocol
// header, then for SASL the mechanisms, init, an optional challenge and the
// outcome, then the AMQP header. It runs on the connection goroutine before
// the read and write loops start, within Options.HandshakeTimeout.
type handshakeState func() (handshakeState, error)

// errAuth marks a refused SASL exchange.
var errAuth = errors.New("SASL authentication refused")

// The SASL mechanisms in the order the server offers them.
var mechanisms = []struct {
	name  amqpwire.Symbol
	layer SecurityLayers
}{
	{"PLAIN", SASLPlain},
	{"EXTERNAL", SASLExternal},
	{"MSSBCBS", SASLMSSBCBS},
	{"ANONYMOUS", SASLAnonymous},
}

func (c *Conn) handshake() error {
	deadline := time.Now().Add(c.opts.HandshakeTimeout)
	_ = c.nc.SetDeadline(deadline)
	defer func() { _ = c.nc.SetDeadline(time.Time{}) }()
	ctx, cancel := context.WithDeadline(c.ctx, deadline)
	defer cancel()
	c.authCtx = ctx
	for state := handshakeState(c.readProtoHeader); state != nil; {
		next, err := state()
		if err != nil {
			return err
		}
		state = next
	}
	return nil
}

// offered returns the SASL mechanisms this connection may use.
func (c *Conn) offered() []amqpwire.Symbol {
	var out []amqpwire.Symbol
	for _, m := range mechanisms {
		if c.opts.Security&m.layer == 0 {
			continue
		}
		if _, isTLS := c.nc.(*tls.Conn); m.layer == SASLExternal && !isTLS {
			continue
		}
		out = append(out, m.name)
	}
	return out
}

func (c *Conn) readProtoHeader() (handshakeState, error) {
	h, err := amqpwire.ReadProtoHeader(&c.rb)
	if err != nil {
		var de *amqpwire.DecodeError
		if errors.As(err, &de) {
			c.writeRaw(c.preferredHeader().Bytes())
		}
		return nil, err
	}
	saslDone := c.saslMechanism != ""
	switch {
	case !h.IsAMQP10():
	case h.ID == amqpwire.ProtoSASL && !saslDone && len(c.offered()) > 0:
		return c.offerMechanisms, nil
	case h.ID == amqpwire.ProtoAMQP && (saslDone || c.opts.Security&NoSASL != 0):
		c.writeRaw(h.Bytes())
		return nil, nil
	}
	c.writeRaw(c.preferredHeader().Bytes())
	return nil, fmt.Errorf("the server does not accept the protocol header %v here", h)
}

// preferredHeader is the header the server answers an unacceptable one with.
func (c *Conn) preferredHeader() amqpwire.ProtoHeader {
	if c.saslMechanism == "" && c.opts.Security&NoSASL == 0 && len(c.offered()) > 0 {
		return amqpwire.ProtoHeaderFor(amqpwire.ProtoSASL)
	}
	return amqpwire.ProtoHeaderFor(amqpwire.ProtoAMQP)
}

func (c *Conn) offerMechanisms() (handshakeState, error) {
	b := amqpwire.ProtoHeaderFor(amqpwire.ProtoSASL).Bytes()
	b, _ = amqpwire.AppendFrame(b, 0, &amqpwire.SASLMechanisms{Mechanisms: c.offered()})
	if err := c.writeRaw(b); err != nil {
		return nil, err
	}
	return c.readSASLInit, nil
}

func (c *Conn) readSASLInit() (handshakeState, error) {
	body, err := c.readSASLFrame("sasl-init")
	if err != nil {
		return nil, err
	}
	init, ok := body.(*amqpwire.SASLInit)
	if !ok {
		return nil, fmt.Errorf("expected sasl-init, got %T", body)
	}
	return c.authenticate(init)
}

// readSASLFrame reads one frame of the SASL layer.
func (c *Conn) readSASLFrame(want string) (amqpwire.Performative, error) {
	f, err := c.fr.ReadFrame()
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", want, err)
	}
	if f.Type != amqpwire.FrameTypeSASL || f.Body == nil {
		return nil, fmt.Errorf("expected a SASL frame (%s), got frame type %d", want, f.Type)
	}
	return f.Body, nil
}

// authenticate runs the chosen mechanism and sends the outcome.
func (c *Conn) authenticate(init *amqpwire.SASLInit) (handshakeState, error) {
	id, err := c.runMechanism(init)
	if err != nil {
		c.writeOutcome(amqpwire.SASLCodeAuth)
		return nil, fmt.Errorf("%w: %s: %w", errAuth, init.Mechanism, err)
	}
	c.saslMechanism = string(init.Mechanism)
	if id != nil {
		c.identities = append(c.identities, id)
	}
	if err := c.writeOutcome(amqpwire.SASLCodeOK); err != nil {
		return nil, err
	}
	return c.readProtoHeader, nil
}

func (c *Conn) runMechanism(init *amqpwire.SASLInit) (Identity, error) {
	if !c.isOffered(init.Mechanism) {
		return nil, fmt.Errorf("mechanism %q is not offered", init.Mechanism)
	}
	switch init.Mechanism {
	case "PLAIN":
		return c.plain(init.InitialResponse)
	case "EXTERNAL":
		return c.external()
	}
	return nil, nil // ANONYMOUS and MSSBCBS prove nothing; CBS follows
}

func (c *Conn) isOffered(m amqpwire.Symbol) bool {
	for _, o := range c.offered() {
		if o == m {
			return true
		}
	}
	return false
}

// plain checks PLAIN credentials: authzid NUL authcid NUL password. A client
// that sent no initial response gets an empty challenge first.
func (c *Conn) plain(resp []byte) (Identity, error) {
	if len(resp) == 0 {
		var err error
		if resp, err = c.challenge(); err != nil {
			return nil, err
		}
	}
	parts := bytes.SplitN(resp, []byte{0}, 3)
	if len(parts) != 3 {
		return nil, errors.New("PLAIN response is not authzid NUL authcid NUL password")
	}
	return c.opts.PlainAuthenticator(c.authCtx, string(parts[0]), string(parts[1]), string(parts[2]))
}

func (c *Conn) challenge() ([]byte, error) {
	b, _ := amqpwire.AppendFrame(nil, 0, &amqpwire.SASLChallenge{Challenge: []byte{}})
	if err := c.writeRaw(b); err != nil {
		return nil, err
	}
	body, err := c.readSASLFrame("sasl-response")
	if err != nil {
		return nil, err
	}
	r, ok := body.(*amqpwire.SASLResponse)
	if !ok {
		return nil, fmt.Errorf("expected sasl-response, got %T", body)
	}
	return r.Response, nil
}

func (c *Conn) external() (Identity, error) {
	tc, ok := c.nc.(*tls.Conn)
	if !ok {
		return nil, errors.New("EXTERNAL needs a TLS connection")
	}
	state := tc.ConnectionState()
	if len(state.PeerCertificates) == 0 {
		return nil, errors.New("EXTERNAL needs a client certificate")
	}
	return c.opts.ExternalAuthenticator(c.authCtx, state)
}

func (c *Conn) writeOutcome(code amqpwire.SASLCode) error {
	b, _ := amqpwire.AppendFrame(nil, 0, &amqpwire.SASLOutcome{Code: code})
	return c.writeRaw(b)
}

// writeRaw writes during the handshake, before the write loop runs.
func (c *Conn) writeRaw(b []byte) error {
	if _, err := c.nc.Write(b); err != nil {
		return fmt.Errorf("writing to the peer: %w", err)
	}
	return nil
}

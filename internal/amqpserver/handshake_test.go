package amqpserver

import (
	"context"
	"errors"
	"net"
	"slices"
	"testing"

	"github.com/hubspec/hubspec/internal/amqpwire"
)

func saslInit(p *fakePeer, mech string, resp []byte) {
	p.send(0, &amqpwire.SASLInit{Mechanism: amqpwire.Symbol(mech), InitialResponse: resp})
}

// sasl starts the SASL layer and returns the mechanisms the server offers.
func (p *fakePeer) sasl() []amqpwire.Symbol {
	p.t.Helper()
	if h := p.header(amqpwire.ProtoSASL); h.ID != amqpwire.ProtoSASL {
		p.t.Fatalf("server answered the SASL header with %v", h)
	}
	return expect[*amqpwire.SASLMechanisms](p).Mechanisms
}

func TestHandshakeRefusesWhatIsNotAMQP(t *testing.T) {
	t.Parallel()
	p := newFakePeer(t, Options{}, NewMux())
	p.write([]byte("GET / HTTP/1.1\r\n\r\n"))
	if h := p.readHeader(); h != amqpwire.ProtoHeaderFor(amqpwire.ProtoAMQP) {
		t.Errorf("server answered with %v, want its own AMQP header", h)
	}
	if err := p.waitServed(); amqpwire.ConditionOf(err) != amqpwire.ConditionFramingError {
		t.Errorf("ServeConn returned %v, want a framing error", err)
	}
}

func TestHandshakeRefusesAnotherAMQPVersion(t *testing.T) {
	t.Parallel()
	p := newFakePeer(t, Options{}, NewMux())
	p.write([]byte{'A', 'M', 'Q', 'P', 0, 0, 9, 1})
	if h := p.readHeader(); h != amqpwire.ProtoHeaderFor(amqpwire.ProtoAMQP) {
		t.Errorf("server answered with %v", h)
	}
	if err := p.waitServed(); err == nil {
		t.Error("ServeConn accepted AMQP 0-9-1")
	}
}

func TestHandshakeAnswersWithTheRequiredLayer(t *testing.T) {
	t.Parallel()
	t.Run("SASL required, bare AMQP header sent", func(t *testing.T) {
		t.Parallel()
		p := newFakePeer(t, Options{Security: SASLAnonymous}, NewMux())
		if h := p.header(amqpwire.ProtoAMQP); h.ID != amqpwire.ProtoSASL {
			t.Errorf("server answered with %v, want AMQP 3 1 0 0", h)
		}
		if p.waitServed() == nil {
			t.Error("ServeConn accepted a connection without SASL")
		}
	})
	t.Run("no SASL offered, SASL header sent", func(t *testing.T) {
		t.Parallel()
		p := newFakePeer(t, Options{Security: NoSASL}, NewMux())
		if h := p.header(amqpwire.ProtoSASL); h.ID != amqpwire.ProtoAMQP {
			t.Errorf("server answered with %v, want AMQP 0 1 0 0", h)
		}
		if p.waitServed() == nil {
			t.Error("ServeConn accepted SASL it does not offer")
		}
	})
	t.Run("TLS header", func(t *testing.T) {
		t.Parallel()
		p := newFakePeer(t, Options{}, NewMux())
		if h := p.header(amqpwire.ProtoTLS); h.ID != amqpwire.ProtoAMQP {
			t.Errorf("server answered with %v, want AMQP 0 1 0 0", h)
		}
	})
}

// The C SDK authenticates with MSSBCBS and an empty initial response, then
// puts a token on $cbs; the server offers it with ANONYMOUS, and PLAIN only
// with an authenticator.
func TestSASLMSSBCBS(t *testing.T) {
	t.Parallel()
	var mech string
	p := newFakePeer(t, Options{NewConnHandler: func(c *Conn) (ConnHandler, error) {
		mech = c.SASLMechanism()
		return ConnHandler{}, nil
	}}, nil)
	if got := p.sasl(); !slices.Equal(got, []amqpwire.Symbol{"MSSBCBS", "ANONYMOUS"}) {
		t.Errorf("server offers %v, want [MSSBCBS ANONYMOUS]", got)
	}
	saslInit(p, "MSSBCBS", []byte{})
	if o := expect[*amqpwire.SASLOutcome](p); o.Code != amqpwire.SASLCodeOK {
		t.Fatalf("outcome %d", o.Code)
	}
	p.open(nil)
	p.send(0, &amqpwire.Close{})
	p.expectClose("")
	if err := p.waitServed(); err != nil || mech != "MSSBCBS" {
		t.Errorf("ServeConn returned %v with mechanism %q", err, mech)
	}
}

func TestSASLPlainWithoutAnInitialResponseGetsAChallenge(t *testing.T) {
	t.Parallel()
	var ids []Identity
	p := newFakePeer(t, Options{PlainAuthenticator: testPlainAuth, NewConnHandler: func(c *Conn) (ConnHandler, error) {
		ids = c.Identities()
		return ConnHandler{}, nil
	}}, nil)
	if got := p.sasl(); !slices.Contains(got, "PLAIN") {
		t.Fatalf("server does not offer PLAIN: %v", got)
	}
	saslInit(p, "PLAIN", nil)
	expect[*amqpwire.SASLChallenge](p)
	p.send(0, &amqpwire.SASLResponse{Response: []byte("\x00" + testPolicy + "\x00" + testToken)})
	if o := expect[*amqpwire.SASLOutcome](p); o.Code != amqpwire.SASLCodeOK {
		t.Fatalf("outcome %d", o.Code)
	}
	p.open(nil)
	if len(ids) != 1 || ids[0] != "policy iothubowner" {
		t.Errorf("identities %v", ids)
	}
}

func TestSASLRefusals(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, mech string
		resp       []byte
	}{
		{"unknown mechanism", "SCRAM-SHA-1", nil},
		{"PLAIN without separators", "PLAIN", []byte("no separators")},
		{"PLAIN with a wrong token", "PLAIN", []byte("\x00" + testPolicy + "\x00wrong")},
		{"EXTERNAL without TLS", "EXTERNAL", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			p := newFakePeer(t, Options{PlainAuthenticator: testPlainAuth}, nil)
			p.sasl()
			saslInit(p, tc.mech, tc.resp)
			if o := expect[*amqpwire.SASLOutcome](p); o.Code != amqpwire.SASLCodeAuth {
				t.Errorf("outcome %d, want auth (1)", o.Code)
			}
			if err := p.waitServed(); !errors.Is(err, errAuth) {
				t.Errorf("ServeConn returned %v, want errAuth", err)
			}
		})
	}
}

func TestHandshakeTimeout(t *testing.T) {
	t.Parallel()
	p := newFakePeer(t, Options{HandshakeTimeout: 50 * 1e6}, NewMux())
	p.sasl()
	if err := p.waitServed(); err == nil {
		t.Error("a peer that never sent sasl-init was served")
	}
}

func TestNewConnHandlerCanRefuseTheConnection(t *testing.T) {
	t.Parallel()
	p := newFakePeer(t, Options{NewConnHandler: func(*Conn) (ConnHandler, error) {
		return ConnHandler{}, amqpwire.NewError(amqpwire.ConditionResourceLimitExceeded, "too many connections")
	}}, nil)
	p.open(nil)
	if e := p.expectClose(amqpwire.ConditionResourceLimitExceeded); e.Description != "too many connections" {
		t.Errorf("close description %q", e.Description)
	}
}

func TestOptionsAreChecked(t *testing.T) {
	t.Parallel()
	if _, err := NewServer(Options{}); err == nil {
		t.Error("NewServer without NewConnHandler")
	}
	h := func(*Conn) (ConnHandler, error) { return ConnHandler{}, nil }
	if _, err := NewServer(Options{NewConnHandler: h, MaxFrameSize: 100}); err == nil {
		t.Error("NewServer with a max-frame-size of 100")
	}
	o, err := Options{NewConnHandler: h}.withDefaults()
	if err != nil || o.MaxFrameSize != DefaultMaxFrameSize || o.Security&SASLPlain != 0 || o.Security&NoSASL == 0 ||
		o.Limits.MaxUnsettled != DefaultMaxUnsettled || o.Logger == nil {
		t.Errorf("defaults: %+v, %v", o, err)
	}
	srv, _ := NewServer(Options{NewConnHandler: h})
	_ = srv.Close()
	a, b := net.Pipe()
	defer a.Close()
	if err := srv.ServeConn(context.Background(), b); !errors.Is(err, ErrServerClosed) {
		t.Errorf("ServeConn after Close: %v", err)
	}
}

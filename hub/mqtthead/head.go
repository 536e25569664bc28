package mqtthead

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"sync"
	"time"

	mqtt "github.com/mochi-mqtt/server/v2"

	"github.com/hubspec/hubspec/hub/core"
)

// ErrServerClosed is what Serve returns once Close has been called. It
// matches net.ErrClosed too, as the error of a listener that was closed.
var ErrServerClosed = fmt.Errorf("mqtthead: the MQTT head is closed: %w", net.ErrClosed)

// listenerID is the listener name the head gives mochi for its connections.
const listenerID = "iothub-mqtt"

// Head is the MQTT head of the embedded IoT Hub: it serves the device side of
// IoT Hub's MQTT 3.1.1 API (spec §6) over a core.Hub. Create it with New,
// serve any number of listeners with Serve, and stop everything with Close.
type Head struct {
	hub    *core.Hub
	opts   Options
	broker *mqtt.Server
	log    *slog.Logger

	mu        sync.Mutex // guards the fields below; never held across a call out
	closed    bool
	listeners map[net.Listener]struct{}
	conns     map[net.Conn]struct{}
	sessions  map[net.Conn]*session
	current   map[string]*session // device id → its newest session
	wg        sync.WaitGroup      // one per connection goroutine
}

// New makes an MQTT head over hub. It does not listen: call Serve.
func New(hub *core.Hub, opts Options) (*Head, error) {
	if hub == nil {
		return nil, errors.New("mqtthead: no hub")
	}
	opts, err := opts.withDefaults()
	if err != nil {
		return nil, err
	}
	h := &Head{
		hub: hub, opts: opts, log: opts.Logger,
		listeners: map[net.Listener]struct{}{}, conns: map[net.Conn]struct{}{},
		sessions: map[net.Conn]*session{}, current: map[string]*session{},
	}
	h.broker = newBroker()
	if err := h.broker.AddHook(&hook{head: h}, nil); err != nil {
		return nil, fmt.Errorf("mqtthead: attach the IoT Hub hook: %w", err)
	}
	return h, nil
}

// Serve accepts MQTT connections on ln until ctx ends or Close is called;
// connections already accepted stay open until Close. With Options.TLSConfig
// the connections speak TLS, as IoT Hub's port 8883 does; without it ln is
// served as it is (one that already speaks TLS, or plain TCP for a test).
// Serve returns ErrServerClosed after Close, ctx.Err() when ctx ends, or the
// listener's error.
func (h *Head) Serve(ctx context.Context, ln net.Listener) error {
	if h.opts.TLSConfig != nil {
		ln = tls.NewListener(ln, h.opts.TLSConfig)
	}
	if !h.addListener(ln) {
		_ = ln.Close()
		return ErrServerClosed
	}
	stop := context.AfterFunc(ctx, func() { h.closeListener(ln) })
	defer stop()
	for {
		conn, err := ln.Accept()
		if err != nil {
			return h.acceptError(ctx, ln, err)
		}
		h.serveConn(conn)
	}
}

// acceptError explains why Serve stopped.
func (h *Head) acceptError(ctx context.Context, ln net.Listener, err error) error {
	h.closeListener(ln)
	switch {
	case h.isClosed():
		return ErrServerClosed
	case ctx.Err() != nil:
		return ctx.Err()
	}
	return fmt.Errorf("mqtthead: accept on %s: %w", ln.Addr(), err)
}

// Close stops every listener, closes every connection (their unacknowledged
// messages return to the queues) and waits for every goroutine of the head.
// It is safe to call more than once.
func (h *Head) Close() error {
	h.mu.Lock()
	if h.closed {
		h.mu.Unlock()
		return nil
	}
	h.closed = true
	lns, conns := keys(h.listeners), keys(h.conns)
	clear(h.listeners)
	h.mu.Unlock()
	for _, ln := range lns {
		_ = ln.Close()
	}
	for _, c := range conns {
		_ = c.Close()
	}
	h.wg.Wait()
	return h.broker.Close()
}

// Shutdown is Close, for callers that stop every head with a deadline. MQTT
// 3.1.1 has no server-side goodbye, so there is nothing to wait for: the
// connections close at once and their goroutines end promptly.
func (h *Head) Shutdown(context.Context) error { return h.Close() }

// serveConn runs one connection on its own goroutine, owned by the head.
func (h *Head) serveConn(conn net.Conn) {
	h.mu.Lock()
	if h.closed {
		h.mu.Unlock()
		_ = conn.Close()
		return
	}
	h.conns[conn] = struct{}{}
	h.wg.Add(1)
	h.mu.Unlock()
	go func() {
		defer h.wg.Done()
		// The TLS handshake and the CONNECT must arrive in time; mochi then
		// sets the deadline from the keep-alive.
		_ = conn.SetDeadline(time.Now().Add(h.opts.ConnectTimeout))
		err := h.broker.EstablishConnection(listenerID, conn)
		h.endConnection(conn, err)
	}()
}

// openSession registers a new device session and drops the device's previous
// connection (one MQTT connection per device, spec §6.1).
func (h *Head) openSession(cl *mqtt.Client) {
	s := newSession(cl, h.opts.MaxInFlight, h.log)
	r, err := h.hub.OpenDeviceReceiver(cl.ID, s.notify)
	if err != nil {
		h.log.Info("MQTT connection dropped: no C2D queue", "device", cl.ID, "error", err)
		cl.Stop(err)
		return
	}
	s.receiver = r
	h.mu.Lock()
	prev := h.current[cl.ID]
	h.current[cl.ID] = s
	h.sessions[cl.Net.Conn] = s
	h.mu.Unlock()
	if prev != nil {
		h.log.Info("MQTT device connected again: dropping its previous connection", "device", cl.ID, "previous", prev.client.Net.Remote)
		prev.client.Stop(errTakenOver)
	}
}

var errTakenOver = errors.New("a new connection of the same device took over")

// session returns the session of a client's connection, if it has one.
func (h *Head) session(cl *mqtt.Client) *session {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.sessions[cl.Net.Conn]
}

// endConnection forgets a connection that mochi is done with and closes its
// session.
func (h *Head) endConnection(conn net.Conn, err error) {
	_ = conn.Close()
	h.mu.Lock()
	delete(h.conns, conn)
	s := h.sessions[conn]
	delete(h.sessions, conn)
	if s != nil && h.current[s.deviceID] == s {
		delete(h.current, s.deviceID)
	}
	h.mu.Unlock()
	if s != nil {
		s.close()
		if cause := s.client.StopCause(); cause != nil {
			err = cause
		}
		h.log.Info("MQTT device disconnected", "device", s.deviceID, "cause", disconnectCause(err))
	}
}

func (h *Head) addListener(ln net.Listener) bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return false
	}
	h.listeners[ln] = struct{}{}
	return true
}

func (h *Head) closeListener(ln net.Listener) {
	h.mu.Lock()
	delete(h.listeners, ln)
	h.mu.Unlock()
	_ = ln.Close()
}

func (h *Head) isClosed() bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.closed
}

// keepAlive applies IoT Hub's ceiling to the keep-alive a device asked for
// (0 asks for none, which gets the ceiling too).
func (h *Head) keepAlive(asked uint16) uint16 {
	ceiling := uint16(h.opts.MaxKeepAlive / time.Second)
	if asked == 0 || asked > ceiling {
		return ceiling
	}
	return asked
}

func keys[K comparable, V any](m map[K]V) []K {
	out := make([]K, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}

package iothub

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/Azure/go-amqp"
)

// opTimeout bounds one network step the connection's own goroutine takes
// (a dial, a put-token, a link attach) when no caller's deadline applies.
const opTimeout = 30 * time.Second

// renewConcurrency bounds the put-tokens in flight on one connection.
const renewConcurrency = 64

// connection is one AMQP connection to a hub that keeps itself alive: it
// authenticates every identity over $cbs, renews tokens before they expire,
// and, when the connection is lost, redials with back-off, puts every token
// again and calls restore so that links are attached again. Its goroutine
// (run) is stopped by close.
type connection struct {
	name    string // "service" or "devices", for StateChange
	ep      endpoint
	opts    Options
	tls     *tls.Config
	restore func(ctx context.Context, g *generation) // re-attach links after a reconnect
	dialer  func(ctx context.Context, n int) (*generation, error)

	ctx    context.Context // ends with close
	cancel context.CancelFunc
	done   chan struct{} // closed when run returns

	mu         sync.Mutex
	cur        *generation
	changed    chan struct{} // closed and replaced on every change of cur or closed
	closed     bool
	failed     error // set when reconnecting gave up
	identities map[*identity]struct{}
	lastN      int           // the number of the newest generation
	kick       chan struct{} // wakes run to recompute the renewal timer
}

// generation is one live AMQP connection; a reconnect makes the next one.
type generation struct {
	n    int
	conn *amqp.Conn
	cbs  *cbsClient
}

func (g *generation) alive() bool {
	select {
	case <-g.conn.Done():
		return false
	default:
		return true
	}
}

// close closes the AMQP connection and waits for the CBS reader.
func (g *generation) close() error {
	err := g.conn.Close()
	g.cbs.wait()
	return err
}

// dialConnection opens the first connection, puts the tokens of ids, and
// starts the goroutine that keeps it alive.
func dialConnection(ctx context.Context, name string, ep endpoint, opts Options, ids []*identity) (*connection, error) {
	tlsConfig, err := opts.tlsConfig(ep.host)
	if err != nil {
		return nil, err
	}
	for _, id := range ids { // an expired token fails before dialing
		if _, err := id.token(opts.Clock.Now(), opts.TokenLifetime); err != nil {
			return nil, err
		}
	}
	c := newConnection(name, ep, opts, tlsConfig)
	g, err := c.dialer(ctx, 1)
	if err == nil {
		err = firstError(c.putTokens(ctx, g, ids))
	}
	if err != nil {
		if g != nil {
			_ = g.close()
		}
		c.cancel()
		return nil, err
	}
	c.addIdentities(ids)
	c.cur, c.lastN = g, 1
	go c.run()
	return c, nil
}

func newConnection(name string, ep endpoint, opts Options, tlsConfig *tls.Config) *connection {
	c := &connection{name: name, ep: ep, opts: opts, tls: tlsConfig, done: make(chan struct{}),
		changed: make(chan struct{}), identities: map[*identity]struct{}{}, kick: make(chan struct{}, 1)}
	c.ctx, c.cancel = context.WithCancel(context.Background())
	c.dialer = c.dial
	return c
}

// dial opens AMQP over TLS to the endpoint and attaches $cbs.
func (c *connection) dial(ctx context.Context, n int) (*generation, error) {
	raw, err := (&tls.Dialer{Config: c.tls}).DialContext(ctx, "tcp", c.ep.addr)
	if err != nil {
		return nil, c.dialError(err)
	}
	conn, err := amqp.NewConn(ctx, raw, &amqp.ConnOptions{HostName: c.ep.host, ContainerID: newUUID()})
	if err != nil {
		_ = raw.Close()
		return nil, stepError(ctx, "open AMQP connection to "+c.ep.addr, err)
	}
	cbs, err := openCBS(ctx, conn)
	if err != nil {
		_ = conn.Close()
		return nil, stepError(ctx, "attach $cbs", err)
	}
	return &generation{n: n, conn: conn, cbs: cbs}, nil
}

// stepError classifies a failed step; when ctx has ended, that is the
// cause to report, whatever the network said.
func stepError(ctx context.Context, op string, err error) error {
	if cerr := ctxEnded(ctx); cerr != nil {
		return fmt.Errorf("iothub: %s: %w (%v)", op, cerr, err)
	}
	return mapAMQPError(op, "", serviceSide, err)
}

// ctxEnded is ctx's error, or DeadlineExceeded once its deadline has passed
// even if ctx has not noticed yet (go-amqp's read deadline, set from ctx's,
// can fire first).
func ctxEnded(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if dl, ok := ctx.Deadline(); ok && !time.Now().Before(dl) {
		return context.DeadlineExceeded
	}
	return nil
}

func (c *connection) dialError(err error) error {
	op := "connect to " + c.ep.addr
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("iothub: %s: %w", op, err)
	}
	if isTLSFailure(err) {
		return &Error{Op: op, Kind: ErrTLS, Description: err.Error(), Err: err}
	}
	return &Error{Op: op, Kind: ErrConnectionLost, Description: err.Error(), Err: err}
}

// putTokens puts a fresh token for each of ids on g, a few at a time, and
// returns each one's error (nil on success).
func (c *connection) putTokens(ctx context.Context, g *generation, ids []*identity) []error {
	errs := make([]error, len(ids))
	index := make(map[*identity]int, len(ids))
	for i, id := range ids {
		index[id] = i
	}
	forEach(ctx, renewConcurrency, ids, func(ctx context.Context, id *identity) {
		errs[index[id]] = c.putToken(ctx, g, id)
	})
	return errs
}

func (c *connection) putToken(ctx context.Context, g *generation, id *identity) error {
	now := c.opts.Clock.Now()
	tok, err := id.token(now, c.opts.TokenLifetime)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, opTimeout)
	defer cancel()
	if err := g.cbs.putToken(ctx, id.audience, tok, id.deviceID); err != nil {
		return err
	}
	c.mu.Lock()
	id.expiry, id.failures, id.retryAt = tok.Expiry, 0, time.Time{}
	c.mu.Unlock()
	return nil
}

func firstError(errs []error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

func (c *connection) addIdentities(ids []*identity) {
	c.mu.Lock()
	for _, id := range ids {
		c.identities[id] = struct{}{}
	}
	c.mu.Unlock()
	c.wake()
}

func (c *connection) wake() {
	select {
	case c.kick <- struct{}{}:
	default:
	}
}

// authorize puts id's token on the live connection and keeps it there:
// renewed before expiry, put again after a reconnect.
func (c *connection) authorize(ctx context.Context, id *identity) error {
	g, err := c.live(ctx)
	if err != nil {
		return err
	}
	if err := c.putToken(ctx, g, id); err != nil {
		return err
	}
	c.addIdentities([]*identity{id})
	return nil
}

// forget stops renewing id's token.
func (c *connection) forget(id *identity) {
	c.mu.Lock()
	delete(c.identities, id)
	c.mu.Unlock()
}

// live waits for a live generation: now, or after a reconnect.
func (c *connection) live(ctx context.Context) (*generation, error) {
	for {
		c.mu.Lock()
		g, changed, err := c.cur, c.changed, c.stateErr()
		c.mu.Unlock()
		if err != nil {
			return nil, err
		}
		if g != nil && g.alive() {
			return g, nil
		}
		select {
		case <-changed:
		case <-ctx.Done():
			return nil, fmt.Errorf("iothub: waiting for the %s connection to %s: %w", c.name, c.ep.addr, ctx.Err())
		}
	}
}

// stateErr is why the connection cannot be used, if it cannot. mu is held.
func (c *connection) stateErr() error {
	switch {
	case c.closed:
		return &Error{Op: c.name + " connection", Kind: ErrClosed}
	case c.failed != nil:
		return c.failed
	}
	return nil
}

// setCurrent makes g the live generation (or none) and wakes every waiter.
func (c *connection) setCurrent(g *generation) {
	c.mu.Lock()
	c.cur = g
	close(c.changed)
	c.changed = make(chan struct{})
	c.mu.Unlock()
}

func (c *connection) report(s StateChange) {
	if c.opts.OnStateChange == nil {
		return
	}
	s.Connection, s.Host = c.name, c.ep.hostName
	c.opts.OnStateChange(s)
}

func (c *connection) snapshot() []*identity {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.identitiesLocked()
}

// close stops the connection's goroutine and closes the AMQP connection.
func (c *connection) close(ctx context.Context) error {
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return nil
	}
	c.closed = true
	c.mu.Unlock()
	c.cancel()
	select {
	case <-c.done:
	case <-ctx.Done():
		return fmt.Errorf("iothub: closing the %s connection: %w", c.name, ctx.Err())
	}
	c.mu.Lock()
	g := c.cur
	c.mu.Unlock()
	c.setCurrent(nil)
	var err error
	if g != nil {
		err = g.close()
	}
	c.report(StateChange{State: StateClosed})
	return mapAMQPError("close", "", serviceSide, err)
}

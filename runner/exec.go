package runner

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/hubspec/hubspec/runner/ledger"
)

// session runs one scenario: it implements Session. Every message it sends, every
// delivery, settlement and feedback record goes into its ledger; expectations are
// queries over that ledger.
type session struct {
	e        *Engine
	sc       *Scenario
	run      string // {run}
	ids      idMap
	led      *ledger.Ledger
	hub      *hubConn
	embedded *embeddedHub // nil on a real hub
	fleet    *fleet
	sent     sentIndex
	queued   queuedMarks
	inflight gauge // deliveries not yet settled
	progress func(label string, done, total int)

	base    context.Context // the devices' loops; cancelled by release
	stopAll context.CancelFunc

	mu          sync.Mutex
	deviceErr   error    // the first device that stopped receiving
	provisioned []string // hub ids created in the registry, to delete at the end

	closeOnce  sync.Once
	accounting *Failure // messages whose fate is unknown at the end
	cleanupErr error
}

var _ Session = (*session)(nil)

// Start starts a session for sc, which passed Check: the hub (an embedded one with the
// scenario's settings, or the real one), the fleet provisioned with fresh identities,
// and the devices that are online from the start connected. Close the session when done,
// also after an error from Do.
func (e *Engine) Start(ctx context.Context, sc *Scenario) (Session, error) {
	s, err := e.start(ctx, sc)
	if err != nil {
		return nil, err
	}
	return s, nil
}

func (e *Engine) start(ctx context.Context, sc *Scenario) (*session, error) {
	s := e.newSession(sc)
	if err := s.open(ctx); err != nil {
		cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), cleanupTimeout)
		defer cancel()
		return nil, errors.Join(err, s.release(cctx))
	}
	return s, nil
}

func (e *Engine) newSession(sc *Scenario) *session {
	run := e.opts.RunID
	if run == "" {
		run = newRunID()
	}
	s := &session{e: e, sc: sc, run: run, led: ledger.New(ledger.Options{}), progress: e.progressOf(sc)}
	if e.RealHub() {
		s.ids = idMap{suffix: "-" + run}
	}
	s.base, s.stopAll = context.WithCancel(context.Background())
	return s
}

// open reaches the hub, provisions the fleet and connects the devices online from the
// start.
func (s *session) open(ctx context.Context) error {
	if err := s.attachHub(ctx); err != nil {
		return err
	}
	s.fleet = newFleet(s.sc, s.ids, s.hub.cs.HostName, s.hub.opts)
	if err := s.provision(ctx); err != nil {
		return err
	}
	var online []*fleetDevice
	for _, d := range s.fleet.order {
		if !d.Group.Offline {
			online = append(online, d)
		}
	}
	return s.connectAll(ctx, online)
}

// attachHub starts the scenario's embedded hub, or joins the run's real one.
func (s *session) attachHub(ctx context.Context) error {
	if s.e.RealHub() {
		h, err := s.e.sharedHub(ctx)
		s.hub = h
		return err
	}
	h, err := startEmbedded(ctx, s.sc)
	if err != nil {
		return err
	}
	s.embedded, s.hub = h, h.conn
	return nil
}

// vars are the template values of message i of device d (i is 0 outside a send).
func (s *session) vars(d Device, hubID string, i int) TemplateVars {
	v := TemplateVars{Device: hubID, N: d.N, I: i, Run: s.run}
	if d.Group != nil {
		v.Group = d.Group.Name
	}
	return v
}

// deviceFailed keeps the first error of a device loop for the next step to report.
func (s *session) deviceFailed(err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.deviceErr == nil {
		s.deviceErr = err
	}
}

func (s *session) failedDevice() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.deviceErr
}

// Do runs one step: an action, or an expectation awaited until it holds or its deadline
// passes. It returns a *Failure when an expectation did not hold, and another error when
// the step could not run.
func (s *session) Do(ctx context.Context, step Step) error {
	if err := s.failedDevice(); err != nil {
		return err
	}
	if step == nil {
		return errors.New("a step is missing (nil)")
	}
	err := s.do(ctx, step)
	var f *Failure
	switch {
	case err == nil || errors.As(err, &f):
		return err
	case ctx.Err() != nil:
		return fmt.Errorf("%s: %s: interrupted: %w", step.Position(), stepName(step), ctx.Err())
	}
	return fmt.Errorf("%s: %s: %w", step.Position(), stepName(step), err)
}

func (s *session) do(ctx context.Context, step Step) error {
	switch st := step.(type) {
	case *Connect:
		return s.connectStep(ctx, st.Devices)
	case *Disconnect:
		return s.disconnectStep(ctx, st.Devices)
	case *Purge:
		return s.purgeStep(ctx, st.Devices)
	case *Wait:
		return s.waitStep(ctx, st)
	case *Send:
		return s.sendStep(ctx, st)
	}
	return s.expect(ctx, step)
}

// Close ends the session: it waits for settlements under way, accounts for every message
// sent (an unknown fate is a *Failure naming each message), then releases the devices,
// deletes the identities it created and stops an embedded hub. ctx bounds the clean-up;
// give it one that outlives an interrupted run.
func (s *session) Close(ctx context.Context) error {
	s.closeOnce.Do(func() {
		s.accounting = s.account(ctx)
		s.cleanupErr = s.release(ctx)
	})
	if s.accounting != nil {
		return errors.Join(s.accounting, s.cleanupErr)
	}
	return s.cleanupErr
}

// release disconnects every device, deletes the identities the session created and stops
// an embedded hub. It is safe on a session that did not open completely.
func (s *session) release(ctx context.Context) error {
	s.stopAll()
	var errs []error
	if s.fleet != nil {
		errs = append(errs, forEach(ctx, s.fleet.order, connectConcurrency, s.disconnectDevice, func() {}))
		errs = append(errs, s.fleet.closeConns(ctx))
	}
	if s.hub != nil && s.hub.feedback != nil {
		s.hub.feedback.forget(s.led)
	}
	errs = append(errs, s.deprovision(ctx))
	if s.embedded != nil {
		errs = append(errs, s.embedded.close(ctx))
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("could not clean up: %w", err)
	}
	return nil
}

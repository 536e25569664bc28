package runner

import "context"

// Session runs one scenario against a hub, one step at a time: Do runs the next step.
// The front ends do not drive it: they build whole Scenarios at load time, and
// [Engine.Run] runs each one, calling Do for every step in order. A Go caller that wants
// to act between steps (a test that pokes at the hub, say) drives a Session itself.
// Do returns nil when an action succeeded or an expectation held, a *Failure that
// explains an expectation that did not hold (expected versus observed, the ledger lines
// that matter), and another error when the step could not run. Close ends the session:
// it settles the accounting of every message sent and releases the fleet, the sender and
// any devices provisioned on a real hub.
//
// [Engine.Start] returns one.
type Session interface {
	Do(ctx context.Context, step Step) error
	Close(ctx context.Context) error
}

// Starter starts a Session for a scenario that passed [Check].
type Starter interface {
	Start(ctx context.Context, sc *Scenario) (Session, error)
}

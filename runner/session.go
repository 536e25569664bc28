package runner

import "context"

// Session runs one scenario against a hub, one step at a time. The YAML front end calls
// Do for each step in order; the Gherkin front end calls it as godog matches each step.
// Do returns nil when an action succeeded or an expectation held, and an error that
// explains the failure (expected versus observed, the ledger lines that matter)
// otherwise. Close ends the session: it settles the accounting of every message sent
// and releases the fleet, the sender and any devices provisioned on a real hub.
//
// [Engine.Start] returns one; a front end that wants the whole scenario and its report
// calls [Engine.Run] instead.
type Session interface {
	Do(ctx context.Context, step Step) error
	Close(ctx context.Context) error
}

// Starter starts a Session for a scenario that passed [Check].
type Starter interface {
	Start(ctx context.Context, sc *Scenario) (Session, error)
}

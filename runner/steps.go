package runner

import "time"

// Step is one action or expectation of a scenario, with the position it was written at
// and how it was written. The step types are the structs of this package: actions
// change the world, expectations (the Expect… types) query the message ledger.
type Step interface {
	Position() Pos
	Written() string
}

// Source is how the user wrote a step, so that its failure names it in the user's
// words. The Gherkin front end sets Text to the step's keyword and text as written
// (Then device "d-1" receives 2 messages within 5s); the YAML front end leaves it
// empty, and the step is named by its kind (receives). Every step type embeds it.
type Source struct {
	Text string
}

// Written returns the step as the user wrote it, or "" when the front end did not say.
func (s Source) Written() string { return s.Text }

// stepName names a step in failures and errors: as written, else by its kind.
func stepName(s Step) string {
	if w := s.Written(); w != "" {
		return w
	}
	return kind(s)
}

// Connect brings devices online: they open their connection and start receiving.
type Connect struct {
	At Pos
	Source
	Devices Selector
}

// Disconnect takes devices offline; messages they hold unsettled return to the queue.
type Disconnect struct {
	At Pos
	Source
	Devices Selector
}

// Purge empties the devices' C2D queues on the hub (Purged feedback where the ack mode
// asks for it).
type Purge struct {
	At Pos
	Source
	Devices Selector
}

// Wait pauses the scenario for a stated reason. Expectations wait on their own
// conditions; Wait is for when time itself must pass, such as a lock expiring.
type Wait struct {
	At Pos
	Source
	Keys   KeyPos
	For    time.Duration
	Reason string
}

// Send sends Count messages to each device To selects.
type Send struct {
	At Pos
	Source
	Keys            KeyPos
	Label           string // names the send for later expectations; may be empty
	To              Selector
	Count           int      // messages per device
	MessageID       Template // may use {device} {group} {n} {i} {run}
	CorrelationID   Template // the zero Template for none
	Body            []byte
	Properties      []Property    // application properties, in order
	Ack             AckMode       // the zero value is AckNone
	TTL             time.Duration // from the send; zero for the hub's default
	Expiry          time.Time     // absolute expiry; zero for none
	ContentType     string
	ContentEncoding string
	Outcome         SendOutcome // what each send must get; AnyOutcome checks nothing
}

// Property is one application property of a sent message.
type Property struct {
	Name  string
	Value Template
}

// Position implements Step.
func (s *Connect) Position() Pos { return s.At }

// Position implements Step.
func (s *Disconnect) Position() Pos { return s.At }

// Position implements Step.
func (s *Purge) Position() Pos { return s.At }

// Position implements Step.
func (s *Wait) Position() Pos { return s.At }

// Position implements Step.
func (s *Send) Position() Pos { return s.At }

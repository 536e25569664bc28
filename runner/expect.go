package runner

import "time"

// ExpectReceive holds when, within the deadline, each selected device has received
// Count distinct messages and they match Messages in the required Order.
//
// With OrderAny each entry of Messages must match a different received message; with
// OrderListed the received messages, in arrival order, must match the entries in turn;
// with OrderSent the device must receive its messages in the order they were sent.
type ExpectReceive struct {
	At Pos
	Source
	Keys     KeyPos
	Devices  Selector
	Count    Count
	Order    Order
	Messages []MessageMatch
	Within   time.Duration // zero for the scenario's deadline
}

// ExpectFeedback holds when every message of the set that the hub accepted gets a
// feedback record with Status within the deadline.
type ExpectFeedback struct {
	At Pos
	Source
	Keys     KeyPos
	Messages MessageSet
	Status   FeedbackStatus
	Within   time.Duration
}

// ExpectFeedbackCounts holds when, within the deadline, the feedback records for the
// set's messages, counted by status, satisfy every count.
type ExpectFeedbackCounts struct {
	At Pos
	Source
	Keys     KeyPos
	Messages MessageSet
	Counts   map[FeedbackStatus]Count
	Within   time.Duration
}

// ExpectNoFeedback holds when no feedback record for the set's messages arrives
// during the window For.
type ExpectNoFeedback struct {
	At Pos
	Source
	Keys     KeyPos
	Messages MessageSet
	For      time.Duration
}

// ExpectDispositions holds when, within the deadline, the selected devices' settlements
// since the scenario started, counted by disposition, satisfy every count. Ignore
// counts deliveries whose lock expired unsettled.
type ExpectDispositions struct {
	At Pos
	Source
	Keys    KeyPos
	Devices Selector
	Counts  map[Disposition]Count
	Within  time.Duration
}

// ExpectNoMessage holds when no selected device receives a message during the window
// For, starting when the step starts.
type ExpectNoMessage struct {
	At Pos
	Source
	Keys    KeyPos
	Devices Selector
	For     time.Duration
}

// ExpectSendOutcomes holds when the set's sends, counted by outcome, satisfy every
// count. Sends answer at once, so it has no deadline.
type ExpectSendOutcomes struct {
	At Pos
	Source
	Keys     KeyPos
	Messages MessageSet
	Counts   map[SendOutcome]Count
}

// ExpectQueued holds when, within the deadline, each selected device's C2D queue on
// the hub holds Count messages. Messages it accounts for end the scenario in a known
// state: still queued, as expected.
type ExpectQueued struct {
	At Pos
	Source
	Keys    KeyPos
	Devices Selector
	Count   Count
	Within  time.Duration
}

// Position implements Step.
func (s *ExpectReceive) Position() Pos { return s.At }

// Position implements Step.
func (s *ExpectFeedback) Position() Pos { return s.At }

// Position implements Step.
func (s *ExpectFeedbackCounts) Position() Pos { return s.At }

// Position implements Step.
func (s *ExpectNoFeedback) Position() Pos { return s.At }

// Position implements Step.
func (s *ExpectDispositions) Position() Pos { return s.At }

// Position implements Step.
func (s *ExpectNoMessage) Position() Pos { return s.At }

// Position implements Step.
func (s *ExpectSendOutcomes) Position() Pos { return s.At }

// Position implements Step.
func (s *ExpectQueued) Position() Pos { return s.At }

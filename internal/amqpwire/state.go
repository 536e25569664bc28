package amqpwire

import "fmt"

// DeliveryState is the state of a delivery carried by transfer and disposition:
// one of the outcomes Accepted, Rejected, Released and Modified, the non-terminal
// Received, or an UnknownState this package does not interpret (such as a
// transactional state).
type DeliveryState interface {
	deliveryState()
	appendState(b []byte) ([]byte, error)
}

// Accepted is the outcome of a delivery the receiver processed successfully.
type Accepted struct{}

// Rejected is the outcome of a delivery the receiver found invalid; Error says why.
type Rejected struct{ Error *Error }

// Released is the outcome of a delivery the receiver did not process; the sender
// may deliver it again.
type Released struct{}

// Modified is Released with changes the sender should apply before delivering
// again.
type Modified struct {
	DeliveryFailed     bool
	UndeliverableHere  bool
	MessageAnnotations Map
}

// Received says how much of a delivery arrived; it is not an outcome.
type Received struct {
	SectionNumber uint32
	SectionOffset uint64
}

// UnknownState carries a delivery state with a descriptor this package does not
// know.
type UnknownState struct{ Value Described }

func (Accepted) deliveryState()     {}
func (Rejected) deliveryState()     {}
func (Released) deliveryState()     {}
func (Modified) deliveryState()     {}
func (Received) deliveryState()     {}
func (UnknownState) deliveryState() {}

// IsOutcome reports whether s is a terminal outcome.
func IsOutcome(s DeliveryState) bool {
	switch s.(type) {
	case Accepted, Rejected, Released, Modified:
		return true
	}
	return false
}

// StateName returns the state's name in the specification, e.g. "accepted".
func StateName(s DeliveryState) string {
	switch s.(type) {
	case nil:
		return "none"
	case Accepted:
		return "accepted"
	case Rejected:
		return "rejected"
	case Released:
		return "released"
	case Modified:
		return "modified"
	case Received:
		return "received"
	}
	return fmt.Sprintf("state %v", s.(UnknownState).Value.Descriptor)
}

func (Accepted) appendState(b []byte) ([]byte, error) {
	return append(appendDescriptor(b, descAccepted), codeList0), nil
}

func (Released) appendState(b []byte) ([]byte, error) {
	return append(appendDescriptor(b, descReleased), codeList0), nil
}

func (s Rejected) appendState(b []byte) ([]byte, error) {
	w := beginFields(b, descRejected)
	w.error(s.Error)
	return w.end()
}

func (s Modified) appendState(b []byte) ([]byte, error) {
	w := beginFields(b, descModified)
	w.flag(s.DeliveryFailed)
	w.flag(s.UndeliverableHere)
	w.mapv(s.MessageAnnotations)
	return w.end()
}

func (s Received) appendState(b []byte) ([]byte, error) {
	w := beginFields(b, descReceived)
	w.uint(s.SectionNumber)
	w.ulong(s.SectionOffset)
	return w.end()
}

func (s UnknownState) appendState(b []byte) ([]byte, error) {
	return AppendValue(b, s.Value)
}

// appendDeliveryState encodes a state or null.
func appendDeliveryState(b []byte, s DeliveryState) ([]byte, error) {
	if s == nil {
		return appendNull(b), nil
	}
	return s.appendState(b)
}

// readState decodes a delivery state or null.
func (d *decoder) readState() DeliveryState {
	start := d.off
	code, ok := d.readDescribed()
	if !ok {
		return nil
	}
	switch code {
	case descAccepted:
		d.emptyFields("accepted")
		return Accepted{}
	case descReleased:
		d.emptyFields("released")
		return Released{}
	case descRejected:
		return d.readRejected()
	case descModified:
		return d.readModified()
	case descReceived:
		return d.readReceived()
	}
	d.off = start
	v, _ := d.value().(Described)
	return UnknownState{Value: v}
}

func (d *decoder) readRejected() DeliveryState {
	var s Rejected
	f := d.fields("rejected")
	if f.next("error") {
		s.Error = d.readError()
	}
	f.close()
	return s
}

func (d *decoder) readModified() DeliveryState {
	var s Modified
	f := d.fields("modified")
	if f.next("delivery-failed") {
		s.DeliveryFailed, _ = d.readBool()
	}
	if f.next("undeliverable-here") {
		s.UndeliverableHere, _ = d.readBool()
	}
	if f.next("message-annotations") {
		s.MessageAnnotations = d.readMap()
	}
	f.close()
	return s
}

func (d *decoder) readReceived() DeliveryState {
	var s Received
	f := d.fields("received")
	var ok1, ok2 bool
	if f.next("section-number") {
		s.SectionNumber, ok1 = d.readUint()
	}
	f.mandatory("section-number", ok1)
	if f.next("section-offset") {
		s.SectionOffset, ok2 = d.readUlong()
	}
	f.mandatory("section-offset", ok2)
	f.close()
	return s
}

package runner

import "sync"

// sentMessage is one message a send step sent: what expectations select messages by.
type sentMessage struct {
	ID     string
	Label  string       // the send step's id, if any
	Device string       // the target as the spec names it
	Vars   TemplateVars // its template values: {device} {group} {n} {i} {run}
}

// sentIndex lists the messages sent so far, in the order their sends were planned.
type sentIndex struct {
	mu   sync.Mutex
	list []*sentMessage
}

func (x *sentIndex) add(m *sentMessage) {
	x.mu.Lock()
	x.list = append(x.list, m)
	x.mu.Unlock()
}

// all returns the messages sent so far.
func (x *sentIndex) all() []*sentMessage {
	x.mu.Lock()
	defer x.mu.Unlock()
	return x.list[:len(x.list):len(x.list)]
}

// selectSet returns the messages of set: one send's or every send's so far, narrowed to
// some devices and to an id template.
func (s *session) selectSet(set MessageSet) []*sentMessage {
	var devices map[string]bool
	if !set.Devices.IsZero() {
		devices = map[string]bool{}
		for _, d := range s.sc.Resolve(set.Devices) {
			devices[d.ID] = true
		}
		if set.Devices.Device != "" {
			devices[set.Devices.Device] = true // a device outside the fleet (DeviceNotFound)
		}
	}
	var out []*sentMessage
	for _, m := range s.sent.all() {
		switch {
		case set.Send != "" && m.Label != set.Send:
		case devices != nil && !devices[m.Device]:
		case !set.MessageID.IsZero() && set.MessageID.Expand(m.Vars) != m.ID:
		default:
			out = append(out, m)
		}
	}
	return out
}

package mqtthead

import (
	"testing"

	"github.com/hubspec/hubspec/hub/core"
)

func delivery(seq uint64, token byte) core.Delivery {
	return core.Delivery{Message: &core.Message{SequenceNumber: seq}, LockToken: core.LockToken{token}}
}

// locks is a fake of the core's Holds: the set of live lock tokens.
type locks map[core.LockToken]bool

func (l locks) holds(t core.LockToken) bool { return l[t] }

func TestInflightTracksAndAcknowledges(t *testing.T) {
	f, live := newInflight(), locks{}
	for seq := uint64(1); seq <= 3; seq++ {
		d := delivery(seq, byte(seq))
		live[d.LockToken] = true
		if id, dup := f.track(d, 4, live.holds); id != uint16(seq) || dup {
			t.Fatalf("track(seq %d) = %d, dup %v; want %d, false", seq, id, dup, seq)
		}
	}
	// seq 2 comes back under a new lock: same packet id, DUP.
	if id, dup := f.track(delivery(2, 20), 4, live.holds); id != 2 || !dup {
		t.Fatalf("redelivery = %d, dup %v; want 2, true", id, dup)
	}
	if tok, ok := f.acknowledge(2); !ok || tok != (core.LockToken{20}) {
		t.Fatalf("acknowledge(2) = %v, %v; want the new lock token", tok, ok)
	}
	if _, ok := f.acknowledge(2); ok {
		t.Error("a second PUBACK for packet 2 found it again")
	}
	if _, ok := f.acknowledge(99); ok {
		t.Error("a PUBACK for an unknown packet id found something")
	}
}

func TestInflightRoomCountsOnlyLiveLocks(t *testing.T) {
	f, live := newInflight(), locks{}
	for seq := uint64(1); seq <= 2; seq++ {
		d := delivery(seq, byte(seq))
		live[d.LockToken] = true
		f.track(d, 2, live.holds)
	}
	if f.hasRoom(2, live.holds) {
		t.Fatal("room with 2 live deliveries in a window of 2")
	}
	delete(live, core.LockToken{1}) // its lock expired, or the message left the queue
	if !f.hasRoom(2, live.holds) {
		t.Fatal("no room although one delivery lost its lock")
	}
	// The table may hold stale entries up to twice the window, then drops them.
	for seq := uint64(3); seq <= 4; seq++ {
		d := delivery(seq, byte(seq))
		f.track(d, 2, live.holds) // not live: the table fills with stale entries
	}
	f.track(delivery(5, 5), 2, live.holds)
	if len(f.byID) != 2 || f.byID[2] == nil || f.byID[5] == nil {
		t.Errorf("after pruning the table holds %v; want packet 2 (live) and 5 (new)", f.byID)
	}
}

func TestInflightPacketIDsSkipZeroAndIDsInUse(t *testing.T) {
	f, live := newInflight(), locks{}
	f.last = 65533
	var ids []uint16
	for seq := uint64(1); seq <= 3; seq++ {
		d := delivery(seq, byte(seq))
		live[d.LockToken] = true
		id, _ := f.track(d, 50, live.holds)
		ids = append(ids, id)
	}
	f.last = 0
	id, _ := f.track(delivery(4, 4), 50, live.holds)
	if ids[0] != 65534 || ids[1] != 65535 || ids[2] != 1 || id != 2 {
		t.Errorf("packet ids %v then %d; want 65534, 65535, 1 then 2", ids, id)
	}
}

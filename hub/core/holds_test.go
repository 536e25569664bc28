package core

import (
	"testing"
	"time"
)

func TestHoldsFollowsTheLock(t *testing.T) {
	h := newTestHub(t, Config{Emulator: Emulator{LockDuration: Duration(30 * time.Second)}})
	h.device("dev1")
	h.send("dev1", "m1", AckNone)
	h.send("dev1", "m2", AckNone)
	h.send("dev1", "m3", AckNone)
	r, _ := h.receiver("dev1")
	other, _ := h.receiver("dev1")

	completed := mustReceive(t, r)
	expiring := mustReceive(t, r)
	others := mustReceive(t, other)
	for _, tc := range []struct {
		name string
		t    LockToken
		want bool
	}{
		{"own lock", completed.LockToken, true},
		{"another receiver's lock", others.LockToken, false},
		{"unknown token", LockToken{1, 2, 3}, false},
	} {
		if got := r.Holds(tc.t); got != tc.want {
			t.Errorf("Holds(%s) = %v; want %v", tc.name, got, tc.want)
		}
	}

	if err := r.Complete(completed.LockToken); err != nil {
		t.Fatalf("Complete: %v", err)
	}
	if r.Holds(completed.LockToken) {
		t.Error("Holds after Complete = true; want false")
	}
	if !r.Holds(expiring.LockToken) {
		t.Fatal("Holds before the lock expires = false; want true")
	}
	h.clock.Advance(30 * time.Second)
	if r.Holds(expiring.LockToken) {
		t.Error("Holds after the lock duration = true; want false")
	}
}

func TestHoldsAfterReceiverClose(t *testing.T) {
	h := newTestHub(t, Config{})
	h.device("dev1")
	h.send("dev1", "m1", AckNone)
	r, _ := h.receiver("dev1")
	d := mustReceive(t, r)
	r.Close()
	if r.Holds(d.LockToken) {
		t.Error("Holds after Close = true; want false")
	}
}

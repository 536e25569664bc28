package iothub

import (
	"errors"
	"testing"
	"time"

	"github.com/hubspec/hubspec/hub/core"
)

// renewalOptions are h's options with one-minute tokens (renewed 15 s
// before they expire) and a recorder of state changes.
func renewalOptions(h *e2eHub, st *states) *Options {
	opts := h.options()
	opts.TokenLifetime = time.Minute
	opts.OnStateChange = st.record
	return opts
}

// Tokens are renewed with a new put-token on the live connection: through
// three lifetimes the service keeps sending on its one link and the device
// keeps receiving on its one link, with no reconnect, while a service whose
// token cannot be renewed (a SharedAccessSignature in its connection string)
// is refused once that token has expired. The hub and the clients share a
// fake clock.
func TestE2ETokensAreRenewedOnTheLiveConnection(t *testing.T) {
	h := startClockedHub(t, core.Config{})
	cs := h.createDevice("dev1")
	var st states
	opts := renewalOptions(h, &st)
	svc := h.service(opts)
	d := h.openDevice(cs, opts)
	fixedCS := h.owner
	fixedCS.SharedAccessKey, fixedCS.SharedAccessSignature = "", policyToken(t, h.owner, h.clock.Now().Add(time.Minute))
	noRetry := h.options()
	noRetry.Retry = NoRetry
	fixed := h.serviceWith(fixedCS, noRetry)
	send(t, fixed, "dev1", &Message{Body: []byte("fixed"), MessageID: "fixed"}) // valid until it expires
	first := receive(t, d)
	if first.MessageID != "fixed" {
		t.Fatalf("got %s; want fixed", first.MessageID)
	}
	complete(t, d, first)

	for round := range 3 {
		renewed := h.advanceToRenewal(t, 2) // the service's and the device's
		h.clock.Advance(20 * time.Second)   // past the expiry of the tokens renewed
		if !h.clock.Now().After(renewed.Add(15 * time.Second)) {
			t.Fatal("the test did not move past the old tokens' expiry")
		}
		id := "round-" + string(rune('1'+round))
		send(t, svc, "dev1", &Message{Body: []byte(id), MessageID: id})
		m := receive(t, d)
		if m.MessageID != id {
			t.Fatalf("got %s; want %s", m.MessageID, id)
		}
		complete(t, d, m)
		if err := sendErr(fixed, "dev1", &Message{Body: []byte("x")}); !errors.Is(err, ErrUnauthorized) {
			t.Fatalf("round %d: the service with an expired, unrenewable token sent: %v", round+1, err)
		}
	}
	if changes := st.list(); len(changes) != 0 {
		t.Fatalf("state changes %+v; want none: renewal keeps the connections and links", changes)
	}
}

// advanceToRenewal moves time to the next client timer (the renewals are
// due) and waits until n clients have put new tokens, which shows as their
// next renewal timers, set a lifetime minus the margin ahead. It returns the
// time of the renewal.
func (h *e2eHub) advanceToRenewal(t *testing.T, n int) time.Time {
	t.Helper()
	at, ok := h.clock.nextTimerWithin(time.Hour)
	if !ok {
		t.Fatal("no renewal is scheduled")
	}
	h.clock.Advance(at.Sub(h.clock.Now()))
	waitUntil(t, "the renewals", func() bool { return h.clock.timersAfter(at.Add(30*time.Second)) == n })
	return at
}

// policyToken is a SAS token of cs's hub policy, signed with its key.
func policyToken(t testing.TB, cs ConnectionString, expiry time.Time) string {
	t.Helper()
	tok, err := NewSASToken(HubScope(cs.HostName), cs.SharedAccessKeyName, cs.SharedAccessKey, expiry)
	if err != nil {
		t.Fatal(err)
	}
	return tok.Token()
}

// A renewal the hub refuses (the device was deleted) is reported as
// renew-failed with the device and the hub's reason, and tried again after a
// back-off; the connection stays up for the other devices on it.
func TestE2EARefusedRenewalIsReported(t *testing.T) {
	h := startClockedHub(t, core.Config{})
	gone, kept := h.createDevice("gone"), h.createDevice("kept")
	var st states
	opts := renewalOptions(h, &st)
	conn, err := NewDeviceConnection(within(t), h.owner.HostName, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = conn.Close(within(t)) })
	var devices []*AMQPDevice
	for _, cs := range []ConnectionString{gone, kept} {
		d, err := conn.AddDevice(within(t), cs)
		if err != nil {
			t.Fatal(err)
		}
		devices = append(devices, d)
	}
	if err := h.registry().DeleteDevice(within(t), "gone"); err != nil {
		t.Fatal(err)
	}
	due, ok := h.clock.nextTimerWithin(time.Hour)
	if !ok {
		t.Fatal("no renewal is scheduled")
	}
	h.clock.Advance(due.Sub(h.clock.Now()))
	waitUntil(t, "the failed renewal", func() bool { return st.seen(StateRenewFailed) == 1 })
	c := st.last()
	if c.DeviceID != "gone" || !errors.Is(c.Err, ErrUnauthorized) || c.Connection != "devices" {
		t.Fatalf("state change %+v; want renew-failed for gone, unauthorized", c)
	}
	backOff, ok := h.clock.nextTimerWithin(time.Minute)
	if !ok {
		t.Fatal("no retry of the failed renewal is scheduled")
	}
	h.clock.Advance(backOff.Sub(h.clock.Now()))
	waitUntil(t, "the second failed renewal", func() bool { return st.seen(StateRenewFailed) == 2 })
	if n := st.seen(StateDisconnected); n != 0 {
		t.Fatalf("%d disconnections; a failed renewal keeps the connection", n)
	}
	send(t, h.service(h.options()), "kept", &Message{Body: []byte("still here"), MessageID: "m-1"})
	if m := receive(t, devices[1]); m.MessageID != "m-1" {
		t.Fatalf("kept got %s; want m-1", m.MessageID)
	}
}

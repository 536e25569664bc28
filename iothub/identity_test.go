package iothub

import (
	"errors"
	"testing"
	"time"
)

func TestDeviceIdentityTokens(t *testing.T) {
	cs := ConnectionString{HostName: "localhost:15671", DeviceID: "dev1", SharedAccessKey: testKey}
	id, err := deviceIdentity(cs)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Unix(1_900_000_000, 0)
	tok, err := id.token(now, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	if tok.Resource != "localhost%3A15671%2Fdevices%2Fdev1" || id.audience != tok.Resource || tok.KeyName != "" || !tok.Expiry.Equal(now.Add(time.Hour)) {
		t.Fatalf("token %v, audience %s", tok, id.audience)
	}
	if err := tok.Verify(testKey); err != nil {
		t.Fatal(err)
	}
}

func TestServiceIdentityTokens(t *testing.T) {
	id, _ := serviceIdentity(serviceCS("localhost:15671"), "test")
	tok, err := id.token(time.Unix(1_900_000_000, 0), time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	if tok.Resource != "localhost:15671" || id.audience != "localhost:15671" || tok.KeyName != "iothubowner" {
		t.Fatalf("token %v, audience %s", tok, id.audience)
	}
}

func TestFixedTokenIsPutAsGivenUntilItExpires(t *testing.T) {
	given, _ := NewSASToken("h%2Fdevices%2Fd", "", testKey, time.Unix(2000, 0))
	id, err := deviceIdentity(ConnectionString{HostName: "h", DeviceID: "d", SharedAccessSignature: given.Token()})
	if err != nil {
		t.Fatal(err)
	}
	tok, err := id.token(time.Unix(1000, 0), time.Hour)
	if err != nil || tok.Token() != given.Token() || id.audience != "h%2Fdevices%2Fd" {
		t.Fatalf("token %v, %v", tok, err)
	}
	if _, err := id.token(time.Unix(2000, 0), time.Hour); !errors.Is(err, ErrTokenExpired) {
		t.Fatalf("at expiry: %v", err)
	}
	id.expiry = time.Unix(2000, 0)
	if _, ok := id.renewAt(time.Minute); ok {
		t.Fatal("a fixed token cannot be renewed")
	}
}

func TestRenewalSchedule(t *testing.T) {
	base := time.Unix(1_000_000, 0)
	a := &identity{key: testKey, expiry: base.Add(time.Hour)}
	b := &identity{key: testKey, expiry: base.Add(30 * time.Minute)}
	fresh := &identity{key: testKey} // not put yet
	ids := []*identity{a, b, fresh}
	margin := 15 * time.Minute

	next, ok := nextRenewal(ids, margin)
	if !ok || !next.Equal(base.Add(15*time.Minute)) {
		t.Fatalf("next renewal %v %v, want b's expiry minus the margin", next, ok)
	}
	if due := dueForRenewal(ids, base.Add(14*time.Minute), margin); len(due) != 0 {
		t.Fatalf("due too early: %d", len(due))
	}
	if due := dueForRenewal(ids, base.Add(15*time.Minute), margin); len(due) != 1 || due[0] != b {
		t.Fatalf("due at 15m: %v", due)
	}
	if due := dueForRenewal(ids, base.Add(50*time.Minute), margin); len(due) != 2 {
		t.Fatalf("due at 50m: %d, want a and b", len(due))
	}
	b.retryAt = base.Add(20 * time.Minute) // after a failed renewal
	if next, _ := nextRenewal(ids, margin); !next.Equal(base.Add(20 * time.Minute)) {
		t.Fatalf("a failed renewal is retried at %v, want after its back-off", next)
	}
	if _, ok := nextRenewal([]*identity{fresh}, margin); ok {
		t.Fatal("an identity with no token put is scheduled")
	}
}

func TestOptionsDefaults(t *testing.T) {
	o := (*Options)(nil).withDefaults()
	if o.TokenLifetime != time.Hour || o.TokenRenewalMargin != 15*time.Minute || o.MaxInFlight != 256 || o.Prefetch != 50 || o.Clock == nil {
		t.Fatalf("defaults %+v", o)
	}
	o = (&Options{TokenLifetime: 20 * time.Second, TokenRenewalMargin: time.Minute}).withDefaults()
	if o.TokenRenewalMargin != 5*time.Second {
		t.Fatalf("a margin longer than the lifetime became %v", o.TokenRenewalMargin)
	}
}

func mustTime(unix int64) time.Time { return time.Unix(unix, 0).UTC() }

package hub

import (
	"strings"
	"testing"
	"time"

	"github.com/Azure/go-amqp"
	"github.com/hubspec/hubspec/hub/core"
	"github.com/hubspec/hubspec/hub/internal/amqptest"
)

// A device's token opens its own queue and no other.
func TestDeviceTokenOpensOnlyItsQueue(t *testing.T) {
	h := startHub(t, Options{})
	a := h.device("device-a")
	h.device("device-b")
	c := h.client(a)
	_, err := c.NewReceiver(h.ctx, amqptest.DeviceBound("device-b"), 10)
	wantCondition(t, "device-a's token on device-b's queue", err, "amqp:unauthorized-access")
	if _, err := c.NewReceiver(h.ctx, amqptest.DeviceBound("device-a"), 10); err != nil {
		t.Fatalf("device-a's own queue on the same connection: %v", err)
	}
	_, err = c.NewSender(h.ctx)
	wantCondition(t, "a device sending C2D", err, "amqp:unauthorized-access")
}

func TestRefusedTokens(t *testing.T) {
	h := startHub(t, Options{})
	dev := h.device("dev1")
	owner := parse(t, h.ConnectionString())
	wrongKey := owner
	wrongKey.Key = dev.Key
	tests := []struct {
		name   string
		cs     amqptest.ConnectionString
		expiry time.Time
		want   string
	}{
		{"expired", owner, time.Now().Add(-time.Minute), "expired"},
		{"bad signature", wrongKey, time.Now().Add(time.Hour), "signature"},
		{"unknown device", amqptest.ConnectionString{HostName: "localhost", DeviceID: "ghost", Key: dev.Key}, time.Now().Add(time.Hour), "not registered"},
		{"another hub", amqptest.ConnectionString{HostName: "other.azure-devices.net", KeyName: "iothubowner", Key: owner.Key}, time.Now().Add(time.Hour), "not this hub"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, err := amqptest.OpenUnauthenticated(h.ctx, h.amqp)
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()
			token, _ := tc.cs.Token(tc.expiry)
			r, err := c.CBS.PutToken(h.ctx, tc.cs.Audience(), token)
			if err != nil {
				t.Fatal(err)
			}
			if r.StatusCode() != 401 || !strings.Contains(r.Description, tc.want) {
				t.Errorf("put-token answered %v %q, want 401 mentioning %q", r.Status, r.Description, tc.want)
			}
			if strings.Contains(r.Description, token) || strings.Contains(r.Description, "sig=") {
				t.Errorf("the refusal quotes the token: %q", r.Description)
			}
			_, err = c.NewSender(h.ctx)
			wantCondition(t, "sender after a refused token", err, "amqp:unauthorized-access")
		})
	}
}

// A valid token that does not cover the operation is refused at attach.
func TestTokenForTheWrongScope(t *testing.T) {
	h := startHub(t, Options{})
	h.device("dev1")
	registryRead, err := h.PolicyConnectionString("registryRead")
	if err != nil {
		t.Fatal(err)
	}
	c := h.client(parse(t, registryRead))
	_, err = c.NewSender(h.ctx)
	wantCondition(t, "registryRead sending C2D", err, "amqp:unauthorized-access")

	// An iothubowner token scoped to one device does not cover the feedback queue.
	owner := parse(t, h.ConnectionString())
	token, _ := core.SignToken("localhost/devices/dev1", "iothubowner", owner.Key, time.Now().Add(time.Hour))
	c2, err := amqptest.OpenUnauthenticated(h.ctx, h.amqp)
	if err != nil {
		t.Fatal(err)
	}
	defer c2.Close()
	if r, _ := c2.CBS.PutToken(h.ctx, "localhost", token); r.StatusCode() != 200 {
		t.Fatalf("put-token of a device-scoped policy token: %v %s", r.Status, r.Description)
	}
	_, err = c2.NewReceiver(h.ctx, amqptest.FeedbackAddress, 10)
	wantCondition(t, "device-scoped token on the feedback queue", err, "amqp:unauthorized-access")
}

// A new put-token on a live connection replaces an expiring token: links stay
// attached and sending works again.
func TestPutTokenRenewal(t *testing.T) {
	h := startFakeClockHub(t, core.Config{})
	dev := h.device("dev1")
	_, rcv := h.deviceLink(dev, 10)
	owner := parse(t, h.ConnectionString())
	c, err := amqptest.OpenUnauthenticated(h.ctx, h.amqp)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if err := c.Authenticate(h.ctx, owner, h.now().Add(30*time.Second)); err != nil {
		t.Fatal(err)
	}
	snd, err := c.NewSender(h.ctx)
	if err != nil {
		t.Fatal(err)
	}
	send := func(body string) error { return snd.Send(h.ctx, amqptest.C2D("dev1", []byte(body), ""), nil) }
	if err := send("first"); err != nil {
		t.Fatalf("send with a live token: %v", err)
	}
	h.clock.Advance(31 * time.Second)
	wantCondition(t, "send after the token expired", send("refused"), "amqp:unauthorized-access")
	if err := c.Authenticate(h.ctx, owner, h.now().Add(time.Hour)); err != nil {
		t.Fatalf("renewal: %v", err)
	}
	if err := send("second"); err != nil {
		t.Fatalf("send on the same link after renewal: %v", err)
	}
	for _, want := range []string{"first", "second"} {
		m := h.receive(rcv)
		if string(m.GetData()) != want {
			t.Fatalf("device got %q, want %q", m.GetData(), want)
		}
		_ = rcv.AcceptMessage(h.ctx, m)
	}
}

// SASL PLAIN with "{policy}@sas.root.{hub}" or "{deviceId}@sas.{hub}" and a
// token as password authorizes the connection without CBS.
func TestSASLPlain(t *testing.T) {
	h := startHub(t, Options{})
	dev := h.device("dev1")
	owner := parse(t, h.ConnectionString())
	ownerToken, _ := owner.Token(time.Now().Add(time.Hour))
	devToken, _ := dev.Token(time.Now().Add(time.Hour))

	svc := h.dialPlain("iothubowner@sas.root.localhost", ownerToken)
	snd := h.newSender(svc)
	if err := snd.Send(h.ctx, amqptest.C2D("dev1", []byte("via PLAIN"), ""), nil); err != nil {
		t.Fatalf("send on a PLAIN connection: %v", err)
	}
	d := h.dialPlain("dev1@sas.localhost", devToken)
	s, _ := d.NewSession(h.ctx, nil)
	rcv, err := s.NewReceiver(h.ctx, amqptest.DeviceBound("dev1"), &amqp.ReceiverOptions{Credit: 1})
	if err != nil {
		t.Fatalf("device link on a PLAIN connection: %v", err)
	}
	if m := h.receive(rcv); string(m.GetData()) != "via PLAIN" {
		t.Errorf("got %q", m.GetData())
	}

	otherToken, _ := h.device("dev2").Token(time.Now().Add(time.Hour))
	_, err = amqptest.Dial(h.ctx, h.amqp, &amqp.ConnOptions{SASLType: amqp.SASLTypePlain("dev1@sas.localhost", otherToken)})
	if err == nil || !strings.Contains(err.Error(), "auth failed with code 0x1") {
		t.Fatalf("SASL PLAIN as dev1 with dev2's token: got %v, want sasl-outcome code auth", err)
	}
}

func (h *testHub) dialPlain(user, token string) *amqp.Conn {
	h.t.Helper()
	conn, err := amqptest.Dial(h.ctx, h.amqp, &amqp.ConnOptions{SASLType: amqp.SASLTypePlain(user, token)})
	if err != nil {
		h.t.Fatalf("SASL PLAIN as %s: %v", user, err)
	}
	h.t.Cleanup(func() { _ = conn.Close() })
	return conn
}

func (h *testHub) newSender(conn *amqp.Conn) *amqp.Sender {
	h.t.Helper()
	s, err := conn.NewSession(h.ctx, nil)
	if err != nil {
		h.t.Fatal(err)
	}
	snd, err := s.NewSender(h.ctx, amqptest.SendAddress, nil)
	if err != nil {
		h.t.Fatalf("attach sender: %v", err)
	}
	return snd
}

// SASL ANONYMOUS (Python) and MSSBCBS (C devices) are followed by CBS.
func TestSASLThenCBS(t *testing.T) {
	h := startHub(t, Options{})
	dev := h.device("dev1")
	anon, err := amqptest.Dial(h.ctx, h.amqp, &amqp.ConnOptions{SASLType: amqp.SASLTypeAnonymous()})
	if err != nil {
		t.Fatalf("SASL ANONYMOUS: %v", err)
	}
	defer anon.Close()
	h.putTokenAndSend(anon, parse(t, h.ConnectionString()))

	mss, err := amqptest.DialSASL(h.ctx, h.amqp, "MSSBCBS")
	if err != nil {
		t.Fatalf("SASL MSSBCBS: %v", err)
	}
	defer mss.Close()
	s, _ := mss.NewSession(h.ctx, nil)
	cbs, err := amqptest.NewCBS(h.ctx, s)
	if err != nil {
		t.Fatal(err)
	}
	token, _ := dev.Token(time.Now().Add(time.Hour))
	if r, _ := cbs.PutToken(h.ctx, "localhost/devices/dev1", token); r.StatusCode() != 200 {
		t.Fatalf("put-token after MSSBCBS: %v %s", r.Status, r.Description)
	}
	rcv, err := s.NewReceiver(h.ctx, "amqps://localhost/devices/dev1/messages/deviceBound", &amqp.ReceiverOptions{Credit: 1})
	if err != nil {
		t.Fatalf("device link after MSSBCBS: %v", err)
	}
	if m := h.receive(rcv); string(m.GetData()) != "after CBS" {
		t.Errorf("got %q", m.GetData())
	}
}

func (h *testHub) putTokenAndSend(conn *amqp.Conn, cs amqptest.ConnectionString) {
	h.t.Helper()
	s, _ := conn.NewSession(h.ctx, nil)
	cbs, err := amqptest.NewCBS(h.ctx, s)
	if err != nil {
		h.t.Fatal(err)
	}
	token, _ := cs.Token(time.Now().Add(time.Hour))
	if r, _ := cbs.PutToken(h.ctx, cs.Audience(), token); r.StatusCode() != 200 {
		h.t.Fatalf("put-token: %v %s", r.Status, r.Description)
	}
	snd, err := s.NewSender(h.ctx, amqptest.SendAddress, nil)
	if err != nil {
		h.t.Fatal(err)
	}
	if err := snd.Send(h.ctx, amqptest.C2D("dev1", []byte("after CBS"), ""), nil); err != nil {
		h.t.Fatal(err)
	}
}

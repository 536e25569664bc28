package core

import (
	"errors"
	"net/url"
	"strings"
	"testing"
	"time"
)

// Tokens are made the way each SDK makes them (spec §1.2 table).
func nodeDeviceToken(t *testing.T, host, id, key string, exp time.Time) string {
	t.Helper()
	tok, err := SignToken(url.QueryEscape(host+"/devices/"+id), "", key, exp)
	must(t, err)
	return tok
}

func policyToken(t *testing.T, h *testHub, sr, name string, exp time.Time) string {
	t.Helper()
	p, ok := h.Policy(name)
	if !ok {
		t.Fatalf("no policy %s", name)
	}
	tok, err := SignToken(sr, name, p.PrimaryKey, exp)
	must(t, err)
	return tok
}

func authReason(err error) AuthReason {
	var ae *AuthError
	if errors.As(err, &ae) {
		return ae.Reason
	}
	return ""
}

func TestAuthenticateDeviceAndServiceTokens(t *testing.T) {
	h := newTestHub(t, Config{})
	dev := h.device("dev1")
	later := epoch.Add(time.Hour)
	tests := []struct {
		name   string
		token  string
		policy string
		device string
	}{
		{"node device, encoded sr", nodeDeviceToken(t, "myhub.azure-devices.net", "dev1", dev.PrimaryKey, later), "", "dev1"},
		{"node device, port in sr", nodeDeviceToken(t, "myhub.azure-devices.net:15671", "dev1", dev.SecondaryKey, later), "", "dev1"},
		{"C device, raw sr", sign(t, "myhub.azure-devices.net/devices/dev1", "", dev.PrimaryKey, later), "", "dev1"},
		{"host in upper case", sign(t, "MYHUB.azure-devices.net%2Fdevices%2Fdev1", "", dev.PrimaryKey, later), "", "dev1"},
		{"node service, raw host", policyToken(t, h, "myhub.azure-devices.net", "iothubowner", later), "iothubowner", ""},
		{"service with port", policyToken(t, h, "myhub.azure-devices.net:5671", "service", later), "service", ""},
		{".NET service, amqps URI", policyToken(t, h, "amqps://myhub.azure-devices.net:5671/", "service", later), "service", ""},
		{"python service, https URI", policyToken(t, h, url.QueryEscape("https://myhub.azure-devices.net"), "service", later), "service", ""},
		{"device policy scoped to a device", policyToken(t, h, "myhub.azure-devices.net/devices/dev1", "device", later), "device", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			id, err := h.Authenticate(tt.token)
			if err != nil {
				t.Fatalf("Authenticate: %v", err)
			}
			if id.PolicyName != tt.policy || id.DeviceID != tt.device || !id.ExpiresAt.Equal(later) {
				t.Fatalf("identity = %+v; want policy %q device %q", id, tt.policy, tt.device)
			}
		})
	}
}

func sign(t *testing.T, sr, keyName, key string, exp time.Time) string {
	t.Helper()
	tok, err := SignToken(sr, keyName, key, exp)
	must(t, err)
	return tok
}

func TestAuthenticateRefusals(t *testing.T) {
	h := newTestHub(t, Config{})
	dev := h.device("dev1")
	off, err := h.CreateDevice(DeviceSpec{DeviceID: "off", Status: DeviceDisabled})
	must(t, err)
	other := h.device("dev2")
	later := epoch.Add(time.Hour)
	good := nodeDeviceToken(t, "myhub.azure-devices.net", "dev1", dev.PrimaryKey, later)
	tests := []struct {
		name  string
		token string
		want  AuthReason
	}{
		{"empty", "", AuthMalformed},
		{"no prefix", strings.TrimPrefix(good, "SharedAccessSignature "), AuthMalformed},
		{"missing sig", "SharedAccessSignature sr=myhub.azure-devices.net&se=99999999999", AuthMalformed},
		{"se not a number", strings.Replace(good, "&se=", "&se=x", 1), AuthMalformed},
		{"expired", nodeDeviceToken(t, "myhub.azure-devices.net", "dev1", dev.PrimaryKey, epoch.Add(-time.Second)), AuthExpired},
		{"another device's key", nodeDeviceToken(t, "myhub.azure-devices.net", "dev1", other.PrimaryKey, later), AuthBadSignature},
		{"tampered expiry", strings.Replace(good, "&se=", "&se=1", 1), AuthBadSignature},
		{"unknown device", nodeDeviceToken(t, "myhub.azure-devices.net", "ghost", dev.PrimaryKey, later), AuthUnknownDevice},
		{"disabled device", nodeDeviceToken(t, "myhub.azure-devices.net", "off", off.PrimaryKey, later), AuthDeviceDisabled},
		{"unknown policy", sign(t, "myhub.azure-devices.net", "nobody", dev.PrimaryKey, later), AuthUnknownPolicy},
		{"policy with a device key", sign(t, "myhub.azure-devices.net", "service", dev.PrimaryKey, later), AuthBadSignature},
		{"other hub", nodeDeviceToken(t, "otherhub.azure-devices.net", "dev1", dev.PrimaryKey, later), AuthWrongScope},
		{"device token scoped to the hub", sign(t, "myhub.azure-devices.net", "", dev.PrimaryKey, later), AuthWrongScope},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := h.Authenticate(tt.token)
			if got := authReason(err); got != tt.want {
				t.Fatalf("reason = %q (%v); want %q", got, err, tt.want)
			}
			wantCode(t, err, ErrUnauthorized)
			if sig := sasField(tt.token, "sig"); sig != "" && strings.Contains(err.Error(), sig) {
				t.Fatalf("error echoes the signature: %v", err)
			}
		})
	}
}

func sasField(token, key string) string {
	for _, part := range strings.Split(strings.TrimPrefix(token, "SharedAccessSignature "), "&") {
		if k, v, ok := strings.Cut(part, "="); ok && k == key {
			return v
		}
	}
	return ""
}

func TestTokenExpiresAtSe(t *testing.T) {
	h := newTestHub(t, Config{})
	dev := h.device("dev1")
	tok := nodeDeviceToken(t, "myhub.azure-devices.net", "dev1", dev.PrimaryKey, epoch.Add(10*time.Second))
	h.clock.Advance(10 * time.Second)
	id, err := h.Authenticate(tok)
	must(t, err)
	h.clock.Advance(time.Second)
	if _, err := h.Authenticate(tok); authReason(err) != AuthExpired {
		t.Fatalf("one second after se: %v; want expired", err)
	}
	if err := h.Authorize(id, ReceiveC2D, "dev1"); authReason(err) != AuthExpired {
		t.Fatalf("Authorize with an expired identity: %v", err)
	}
}

func TestHostAliases(t *testing.T) {
	clock := NewFakeClock(epoch)
	h, err := New(Config{}, Options{HostName: "localhost:5671", HostAliases: []string{"127.0.0.1"}, Clock: clock})
	must(t, err)
	defer h.Close()
	p, _ := h.Policy("iothubowner")
	for _, sr := range []string{"localhost", "localhost:15671", "127.0.0.1", "127.0.0.1:5671"} {
		if _, err := h.Authenticate(sign(t, sr, "iothubowner", p.PrimaryKey, epoch.Add(time.Minute))); err != nil {
			t.Errorf("sr %s: %v", sr, err)
		}
	}
	if h.HubName() != "localhost" {
		t.Fatalf("hub name = %q", h.HubName())
	}
}

func TestAuthorize(t *testing.T) {
	h := newTestHub(t, Config{})
	dev := h.device("dev1")
	h.device("dev2")
	later := epoch.Add(time.Hour)
	ident := func(tok string) Identity {
		id, err := h.Authenticate(tok)
		must(t, err)
		return id
	}
	owner := ident(policyToken(t, h, "myhub.azure-devices.net", "iothubowner", later))
	service := ident(policyToken(t, h, "myhub.azure-devices.net", "service", later))
	devicePolicy := ident(policyToken(t, h, "myhub.azure-devices.net", "device", later))
	devicePolicyDev1 := ident(policyToken(t, h, "myhub.azure-devices.net/devices/dev1", "device", later))
	reader := ident(policyToken(t, h, "myhub.azure-devices.net", "registryRead", later))
	writer := ident(policyToken(t, h, "myhub.azure-devices.net", "registryReadWrite", later))
	dev1 := ident(nodeDeviceToken(t, "myhub.azure-devices.net", "dev1", dev.PrimaryKey, later))
	sendOnly := ident(policyToken(t, h, "myhub.azure-devices.net/messages/devicebound", "service", later))

	tests := []struct {
		name   string
		id     Identity
		op     Operation
		device string
		want   AuthReason
	}{
		{"owner sends", owner, SendC2D, "", ""},
		{"owner receives any device", owner, ReceiveC2D, "dev2", ""},
		{"service sends", service, SendC2D, "", ""},
		{"service receives feedback", service, ReceiveFeedback, "", ""},
		{"service purges", service, PurgeC2D, "dev1", ""},
		{"service cannot read the registry", service, ReadRegistry, "dev1", AuthForbidden},
		{"service cannot receive as a device", service, ReceiveC2D, "dev1", AuthForbidden},
		{"device policy receives", devicePolicy, ReceiveC2D, "dev2", ""},
		{"device policy cannot send", devicePolicy, SendC2D, "", AuthForbidden},
		{"device policy scoped to dev1 opens dev1", devicePolicyDev1, ReceiveC2D, "dev1", ""},
		{"device policy scoped to dev1 not dev2", devicePolicyDev1, ReceiveC2D, "dev2", AuthWrongScope},
		{"device opens its own queue", dev1, ReceiveC2D, "dev1", ""},
		{"device A's token on device B", dev1, ReceiveC2D, "dev2", AuthForbidden},
		{"device cannot send", dev1, SendC2D, "", AuthForbidden},
		{"device cannot read the registry", dev1, ReadRegistry, "dev1", AuthForbidden},
		{"registryRead reads", reader, ReadRegistry, "", ""},
		{"registryRead cannot write", reader, WriteRegistry, "dev1", AuthForbidden},
		{"registryReadWrite reads and writes", writer, WriteRegistry, "dev1", ""},
		{"registryReadWrite reads (implied)", writer, ReadRegistry, "dev1", ""},
		{"send-scoped token sends", sendOnly, SendC2D, "", ""},
		{"send-scoped token cannot receive feedback", sendOnly, ReceiveFeedback, "", AuthWrongScope},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := h.Authorize(tt.id, tt.op, tt.device)
			if got := authReason(err); got != tt.want {
				t.Fatalf("Authorize = %v; want reason %q", err, tt.want)
			}
		})
	}
}

func TestAuthenticatePlain(t *testing.T) {
	h := newTestHub(t, Config{})
	dev := h.device("dev1")
	later := epoch.Add(time.Hour)
	svc := policyToken(t, h, "myhub.azure-devices.net", "service", later)
	devTok := nodeDeviceToken(t, "myhub.azure-devices.net", "dev1", dev.PrimaryKey, later)
	tests := []struct {
		user, password string
		want           AuthReason
	}{
		{"service@sas.root.myhub", svc, ""},
		{"SERVICE@sas.root.MyHub", svc, ""},
		{"iothubowner@sas.root.myhub", svc, AuthWrongScope},
		{"service@sas.root.otherhub", svc, AuthWrongScope},
		{"dev1@sas.myhub", devTok, ""},
		{"dev2@sas.myhub", devTok, AuthWrongScope},
		{"dev1@sas.myhub", strings.Replace(devTok, "&se=", "&se=1", 1), AuthBadSignature},
		{"dev1", devTok, AuthMalformed},
	}
	for _, tt := range tests {
		t.Run(tt.user, func(t *testing.T) {
			_, err := h.AuthenticatePlain(tt.user, tt.password)
			if got := authReason(err); got != tt.want {
				t.Fatalf("AuthenticatePlain = %v; want reason %q", err, tt.want)
			}
		})
	}
}

func TestParseSharedAccessSignature(t *testing.T) {
	tok := "SharedAccessSignature se=1700000000&skn=service&sig=abc%2Bdef%3D&sr=host%2Fdevices%2Fd&extra=1"
	s, err := ParseSharedAccessSignature(tok)
	must(t, err)
	if s.Resource != "host%2Fdevices%2Fd" || s.Signature != "abc+def=" || s.KeyName != "service" ||
		s.ExpiryText != "1700000000" || s.Expiry.Unix() != 1700000000 {
		t.Fatalf("parsed %+v", s)
	}
	for _, bad := range []string{
		"SharedAccessSignature sr=a&sig=b",
		"SharedAccessSignature sr=a&sig=b&se=1&se=2",
		"SharedAccessSignature sr=a&sig=b&se=-1",
		"sharedaccesssignature sr=a&sig=b&se=1",
		"SharedAccessSignature sr=a&sig=b&se=1 trailing",
		"SharedAccessSignature sr=a&sig=%zz&se=1",
	} {
		if _, err := ParseSharedAccessSignature(bad); err == nil {
			t.Errorf("ParseSharedAccessSignature(%q) succeeded", bad)
		}
	}
}

// TestSignatureLeniency: the signature may cover another spelling of sr than
// the token carries (spec §1.2 step 3).
func TestSignatureLeniency(t *testing.T) {
	h := newTestHub(t, Config{})
	dev := h.device("dev+1")
	later := epoch.Add(time.Hour)
	se := "1740834000" // epoch + 1h
	if later.Unix() != 1740834000 {
		t.Fatalf("fixture: se %d", later.Unix())
	}
	key := decodeKey(t, dev.PrimaryKey)
	tests := []struct{ name, srInToken, signed string }{
		{"signed decoded", "myhub.azure-devices.net%2Fdevices%2Fdev%2B1", "myhub.azure-devices.net/devices/dev+1"},
		{"signed lower-case hex", "myhub.azure-devices.net%2Fdevices%2Fdev%2B1", "myhub.azure-devices.net%2fdevices%2fdev%2b1"},
		{".NET: id encoded, then sr encoded", "myhub.azure-devices.net%2Fdevices%2Fdev%252B1", "myhub.azure-devices.net%2Fdevices%2Fdev%252B1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sig := url.QueryEscape(encodeSig(signature(key, tt.signed, se)))
			tok := "SharedAccessSignature sr=" + tt.srInToken + "&sig=" + sig + "&se=" + se
			id, err := h.Authenticate(tok)
			if err != nil || id.DeviceID != "dev+1" {
				t.Fatalf("Authenticate = %+v, %v; want device dev+1", id, err)
			}
			must(t, h.Authorize(id, ReceiveC2D, "dev+1"))
		})
	}
}

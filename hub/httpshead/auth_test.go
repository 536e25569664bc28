package httpshead

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/hubspec/hubspec/hub/core"
)

func TestAuthorization(t *testing.T) {
	f := newFixture(t)
	f.owner("PUT", "/devices/dev1", "").wantStatus(t, 200)
	dev, _ := f.hub.Device("dev1")
	devTok, _ := core.SignToken(url.QueryEscape("localhost/devices/dev1"), "", dev.PrimaryKey, time.Now().Add(time.Hour))
	owner, _ := f.hub.Policy("iothubowner")
	expired, _ := core.SignToken("localhost", "iothubowner", owner.PrimaryKey, time.Now().Add(-time.Minute))
	badSig, _ := core.SignToken("localhost", "iothubowner", dev.PrimaryKey, time.Now().Add(time.Hour))
	otherHub, _ := core.SignToken("otherhub.azure-devices.net", "iothubowner", owner.PrimaryKey, time.Now().Add(time.Hour))
	tests := []struct {
		name, method, path, token string
		status                    int
	}{
		{"no Authorization header", "GET", "/devices/dev1", "", 401},
		{"garbage", "GET", "/devices/dev1", "Bearer abc", 401},
		{"expired", "GET", "/devices/dev1", expired, 401},
		{"bad signature", "GET", "/devices/dev1", badSig, 401},
		{"another hub", "GET", "/devices/dev1", otherHub, 401},
		{"device token reads the registry", "GET", "/devices/dev1", devTok, 401},
		{"registryRead reads", "GET", "/devices/dev1", f.token("registryRead"), 200},
		{"registryRead lists", "GET", "/devices", f.token("registryRead"), 200},
		{"registryRead cannot create", "PUT", "/devices/new", f.token("registryRead"), 401},
		{"registryRead cannot delete", "DELETE", "/devices/dev1", f.token("registryRead"), 401},
		{"registryRead cannot bulk", "POST", "/devices", f.token("registryRead"), 401},
		{"registryReadWrite creates", "PUT", "/devices/rw", f.token("registryReadWrite"), 200},
		{"service cannot read", "GET", "/devices/dev1", f.token("service"), 401},
		{"registryReadWrite cannot purge", "DELETE", "/devices/dev1/commands", f.token("registryReadWrite"), 401},
		{"service purges", "DELETE", "/devices/dev1/commands", f.token("service"), 200},
		{"device policy cannot read", "GET", "/devices/dev1", f.token("device"), 401},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := f.call(tt.method, tt.path, tt.token, "")
			if tt.status != 401 {
				res.wantStatus(t, tt.status)
				return
			}
			res.wantError(t, 401, "IotHubUnauthorizedAccess")
			if sig := sigOf(tt.token); sig != "" && strings.Contains(string(res.body), sig) {
				t.Fatalf("the error body echoes the signature: %s", res.body)
			}
		})
	}
}

func sigOf(token string) string {
	_, rest, ok := strings.Cut(token, "sig=")
	if !ok {
		return ""
	}
	sig, _, _ := strings.Cut(rest, "&")
	return sig
}

// TestLogsHoldNoSecrets: the debug log has one line per request and never a
// token, signature or key.
func TestLogsHoldNoSecrets(t *testing.T) {
	f := newFixture(t)
	tok := f.token("iothubowner")
	created := f.owner("PUT", "/devices/dev1", nodeCreateBody).wantStatus(t, 200).device(t)
	f.owner("GET", "/devices/dev1", "").wantStatus(t, 200)
	f.call("GET", "/devices/dev1", "SharedAccessSignature sr=localhost&sig=c2VjcmV0&se=1&skn=iothubowner", "").wantStatus(t, 401)
	logs := f.logs.String()
	if n := strings.Count(logs, "https request"); n != 3 {
		t.Fatalf("%d log lines; want 3:\n%s", n, logs)
	}
	key := created["authentication"].(map[string]any)["symmetricKey"].(map[string]any)["primaryKey"].(string)
	owner, _ := f.hub.Policy("iothubowner")
	for _, secret := range []string{sigOf(tok), "c2VjcmV0", key, owner.PrimaryKey, "SharedAccessSignature"} {
		if strings.Contains(logs, secret) {
			t.Fatalf("log contains a secret %q:\n%s", secret, logs)
		}
	}
}

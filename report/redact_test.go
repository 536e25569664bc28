package report

import (
	"net/url"
	"strings"
	"testing"
)

// testKey is a made-up base64 key of the shape IoT Hub generates.
const testKey = "Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6cXV4Zm9vYmFyYmE="

// testSig is a made-up URL-encoded signature.
const testSig = "q8K%2FW0xR3s0Zb4%2BnP9yL1mT6vE2jH5cA7dF0gI3kN8%3D"

func TestRedact(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"service connection string",
			"HostName=hub.azure-devices.net;SharedAccessKeyName=iothubowner;SharedAccessKey=" + testKey,
			"HostName=hub.azure-devices.net;SharedAccessKeyName=***;SharedAccessKey=***"},
		{"device connection string",
			"HostName=localhost:5671;DeviceId=thermostat-1;SharedAccessKey=" + testKey + ";GatewayHostName=127.0.0.1",
			"HostName=localhost:5671;DeviceId=thermostat-1;SharedAccessKey=***;GatewayHostName=127.0.0.1"},
		{"device connection string with a SAS token",
			"HostName=h;DeviceId=d;SharedAccessSignature=SharedAccessSignature sr=h%2Fdevices%2Fd&sig=" + testSig + "&se=1790000000",
			"HostName=h;DeviceId=d;SharedAccessSignature=***"},
		{"SAS token in an error",
			"put-token refused: SharedAccessSignature sr=hub&sig=" + testSig + "&se=1790000000&skn=service: unauthorized",
			"put-token refused: SharedAccessSignature *** unauthorized"}, // the token may hold a colon (sr=localhost:5671)
		{"SAS token with sig first",
			"Authorization: SharedAccessSignature sig=" + testSig + "&se=1&skn=iothubowner&sr=hub",
			"Authorization: SharedAccessSignature ***"},
		{"URL-encoded SAS token",
			"token=SharedAccessSignature%20sr%3Dhub%26sig%3D" + testSig + "%26se%3D1",
			"token=SharedAccessSignature%20***"},
		{"sig and skn in a query", "GET /x?sr=hub&sig=" + testSig + "&se=1&skn=iothubowner HTTP/1.1",
			"GET /x?sr=hub&sig=***&se=1&skn=*** HTTP/1.1"},
		{"registry JSON", `{"symmetricKey":{"primaryKey":"` + testKey + `","secondaryKey":"` + testKey + `"}}`,
			`{"symmetricKey":{"primaryKey":"***","secondaryKey":"***"}}`},
		{"escaped JSON", `{\"primaryKey\":\"` + testKey + `\"}`, `{\"primaryKey\":\"***\"}`},
		{"mixed case", "sharedaccesskey=" + testKey, "sharedaccesskey=***"},
		{"nothing secret", "msg-thermostat-1-0 delivered (design=ok, signal=3, config=x509=true)",
			"msg-thermostat-1-0 delivered (design=ok, signal=3, config=x509=true)"},
		{"prose about tokens", "the SharedAccessSignature: expired", "the SharedAccessSignature: expired"},
		{"empty", "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := Redact(tc.in)
			if got != tc.want {
				t.Errorf("Redact(%q)\n = %q\nwant %q", tc.in, got, tc.want)
			}
			if again := Redact(got); again != got {
				t.Errorf("Redact is not idempotent: %q → %q", got, again)
			}
		})
	}
}

// TestRedactLeavesNoSecretInAnyContext embeds the key and the signature in many
// surroundings and checks that neither survives.
func TestRedactLeavesNoSecretInAnyContext(t *testing.T) {
	secrets := []string{
		"SharedAccessKey=" + testKey,
		"SharedAccessSignature sr=hub&sig=" + testSig + "&se=1",
		"HostName=h;SharedAccessKeyName=service;SharedAccessKey=" + testKey,
		`"primaryKey": "` + testKey + `"`,
		"sig=" + testSig,
		url.QueryEscape("SharedAccessSignature sr=hub&sig=" + testSig + "&se=1"),
	}
	wrappers := []string{"%s", "error: %s", "(%s)", "'%s'", "\"%s\"", "<%s>", "%s\nnext line", "x %s, y", "\t%s;"}
	for _, s := range secrets {
		for _, w := range wrappers {
			in := strings.Replace(w, "%s", s, 1)
			out := Redact(in)
			for _, leak := range []string{testKey, testSig, url.QueryEscape(testSig)} {
				if strings.Contains(out, leak) {
					t.Errorf("Redact(%q) = %q still holds %q", in, out, leak)
				}
			}
		}
	}
}

func TestRedactFoldsLikeTheRegexp(t *testing.T) {
	// (?i) matches the long s and the Kelvin sign as s and k: so must the quick check.
	for _, in := range []string{"SharedAcce\u017fsKey=abc", "SharedAccessKey=abc", "\u017fig=abc", "s\u212an=abc"} {
		if out := Redact(in); strings.Contains(out, "abc") {
			t.Errorf("Redact(%q) = %q", in, out)
		}
	}
}

package iothub

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

const testKey = "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVowMTIzNDU=" // base64 of "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345"

func TestParseConnectionStringForms(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want ConnectionString
	}{
		{"service policy", "HostName=myhub.azure-devices.net;SharedAccessKeyName=iothubowner;SharedAccessKey=" + testKey,
			ConnectionString{HostName: "myhub.azure-devices.net", SharedAccessKeyName: "iothubowner", SharedAccessKey: testKey}},
		{"device key", "HostName=myhub.azure-devices.net;DeviceId=dev1;SharedAccessKey=" + testKey,
			ConnectionString{HostName: "myhub.azure-devices.net", DeviceID: "dev1", SharedAccessKey: testKey}},
		{"device SAS", "HostName=h;DeviceId=dev1;SharedAccessSignature=SharedAccessSignature sr=h%2Fdevices%2Fdev1&sig=abc%3D&se=1",
			ConnectionString{HostName: "h", DeviceID: "dev1", SharedAccessSignature: "SharedAccessSignature sr=h%2Fdevices%2Fdev1&sig=abc%3D&se=1"}},
		{"gateway", "HostName=myhub.azure-devices.net;DeviceId=dev1;SharedAccessKey=" + testKey + ";GatewayHostName=127.0.0.1:5671",
			ConnectionString{HostName: "myhub.azure-devices.net", DeviceID: "dev1", SharedAccessKey: testKey, GatewayHostName: "127.0.0.1:5671"}},
		{"module", "HostName=h;DeviceId=dev1;ModuleId=m1;SharedAccessKey=" + testKey,
			ConnectionString{HostName: "h", DeviceID: "dev1", ModuleID: "m1", SharedAccessKey: testKey}},
		{"x509", "HostName=h;DeviceId=dev1;x509=true", ConnectionString{HostName: "h", DeviceID: "dev1", X509: true}},
		{"device with a hub policy", "HostName=h;DeviceId=dev1;SharedAccessKeyName=device;SharedAccessKey=" + testKey,
			ConnectionString{HostName: "h", DeviceID: "dev1", SharedAccessKeyName: "device", SharedAccessKey: testKey}},
		{"port, empty value and trailing ;", "HostName=localhost:15671;DeviceId=d;GatewayHostName=;SharedAccessKey=" + testKey + ";",
			ConnectionString{HostName: "localhost:15671", DeviceID: "d", SharedAccessKey: testKey}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseConnectionString(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Fatalf("got %s, want %s", got.Secret(), tt.want.Secret())
			}
			again, err := ParseConnectionString(got.Secret())
			if err != nil || again != got {
				t.Fatalf("Secret() does not parse back to the same string: %v", err)
			}
		})
	}
}

func TestParseConnectionStringErrorsNameTheKey(t *testing.T) {
	const secret = "c2VjcmV0LXNlY3JldC1zZWNyZXQ="
	tests := []struct {
		in, key, reason string
	}{
		{"SharedAccessKeyName=p;SharedAccessKey=" + secret, "HostName", "missing"},
		{"HostName=h;SharedAccessKey=" + secret, "SharedAccessKeyName", "missing"},
		{"HostName=h;SharedAccessKeyName=p", "SharedAccessKey", "missing"},
		{"HostName=h;DeviceId=d", "SharedAccessKey", "missing"},
		{"HostName=h;DeviceId=d;SharedAccessKey=" + secret + ";x509=true", "SharedAccessKey", "only one"},
		{"HostName=h;DeviceId=d;SharedAccessKey=not*base64!", "SharedAccessKey", "base64"},
		{"HostName=h;DeviceId=d;SharedAccessKey=" + secret + ";Hostname=x", "Hostname (did you mean HostName?)", "unknown key"},
		{"HostName=h;DeviceId=d;DeviceId=e;SharedAccessKey=" + secret, "DeviceId", "more than once"},
		{"HostName=h;DeviceId=d;" + strings.TrimRight(secret, "="), "element without '='", "Key=Value"},
		{"HostName=h;DeviceId=d;SharedAccessKey=" + secret + ";" + secret, "(an unknown key)", "unknown key"},
		{"HostName=h;DeviceId=d;SharedAccessKey=" + secret + ";Bogus=", "Bogus", "unknown key"},
		{"HostName=h;ModuleId=m;SharedAccessKeyName=p;SharedAccessKey=" + secret, "DeviceId", "ModuleId"},
		{"HostName=h;DeviceId=d;x509=yes", "x509", "true"},
		{"HostName=h/x;DeviceId=d;SharedAccessKey=" + secret, "HostName", "host name"},
		{"", "HostName", "missing"},
	}
	for _, tt := range tests {
		t.Run(tt.key+" "+tt.reason, func(t *testing.T) {
			_, err := ParseConnectionString(tt.in)
			var cse *ParseError
			if !errors.As(err, &cse) || !errors.Is(err, ErrBadConnectionString) {
				t.Fatalf("err = %v, want a *ParseError", err)
			}
			if cse.Key != tt.key || !strings.Contains(cse.Reason, tt.reason) {
				t.Fatalf("err = %v, want key %q and a reason with %q", err, tt.key, tt.reason)
			}
			if strings.Contains(err.Error(), secret) {
				t.Fatalf("the error shows the secret: %v", err)
			}
		})
	}
}

func TestConnectionStringPrintingMasksSecrets(t *testing.T) {
	token := "SharedAccessSignature sr=h%2Fdevices%2Fd&sig=SIGNATURE&se=1"
	for _, cs := range []ConnectionString{
		{HostName: "h", SharedAccessKeyName: "iothubowner", SharedAccessKey: testKey},
		{HostName: "h", DeviceID: "d", SharedAccessSignature: token},
	} {
		for _, format := range []string{"%v", "%+v", "%#v", "%s"} {
			out := fmt.Sprintf(format, cs)
			if strings.Contains(out, testKey) || strings.Contains(out, "SIGNATURE") {
				t.Errorf("%s prints a secret: %s", format, out)
			}
			if !strings.Contains(out, "HostName=h") || !strings.Contains(out, masked) {
				t.Errorf("%s prints %q: want the host name and a mask", format, out)
			}
		}
	}
	got := ConnectionString{HostName: "h", DeviceID: "d", SharedAccessKey: testKey, GatewayHostName: "g:1"}.String()
	if want := "HostName=h;DeviceId=d;SharedAccessKey=****;GatewayHostName=g:1"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
}

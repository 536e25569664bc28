package mqtthead

import (
	"strings"
	"testing"
)

func TestParseUsername(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want username
	}{
		{"localhost/dev1/?api-version=2021-04-12&DeviceClientType=azure-iot-device%2F1.18.4%20(node%20v20.20.2%3B%20Debian%2012%3B%20x64)",
			username{Host: "localhost", DeviceID: "dev1", APIVersion: "2021-04-12"}},
		{"localhost:18883/dev1/?api-version=2021-04-12", username{Host: "localhost:18883", DeviceID: "dev1", APIVersion: "2021-04-12"}},
		{"myhub.azure-devices.net/dev-1/?api-version=2020-09-30&DeviceClientType=iothubclient%2f1.10.0&model-id=dtmi%3Aa%3Bb%3B1",
			username{Host: "myhub.azure-devices.net", DeviceID: "dev-1", APIVersion: "2020-09-30"}},
		{"h/a?b/?api-version=1", username{Host: "h", DeviceID: "a?b", APIVersion: "1"}},
		{"h/dev1/?%zz&api-version=x", username{Host: "h", DeviceID: "dev1", APIVersion: "x"}},
		{"h/dev1/?", username{Host: "h", DeviceID: "dev1"}},
		{"h/dev1/", username{Host: "h", DeviceID: "dev1"}},
		{"h/dev1", username{Host: "h", DeviceID: "dev1"}},
	} {
		got, err := parseUsername(tc.in)
		if err != nil || got != tc.want {
			t.Errorf("parseUsername(%q) = %+v, %v; want %+v", tc.in, got, err, tc.want)
		}
	}
}

func TestParseUsernameErrors(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"", "empty"},
		{"dev1", "lacks a host name or a device id"},
		{"/dev1/?api-version=1", "no host"},
		{"localhost/?api-version=1", "lacks a host name or a device id"},
		{"localhost//?api-version=1", "names no device"},
		{"localhost/dev1/mod1/?api-version=1", "module"},
	} {
		_, err := parseUsername(tc.in)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("parseUsername(%q) error = %v; want one saying %q", tc.in, err, tc.want)
		}
	}
}

package mqtthead

import "testing"

func TestMaySubscribe(t *testing.T) {
	for filter, want := range map[string]bool{
		"devices/dev1/messages/devicebound/#":  true,
		"devices/dev1/messages/devicebound/+":  false,
		"devices/dev1/messages/devicebound":    false,
		"devices/dev2/messages/devicebound/#":  false,
		"devices/+/messages/devicebound/#":     false,
		"devices/dev1/#":                       false,
		"#":                                    false,
		"$iothub/methods/POST/#":               false,
		"DEVICES/dev1/messages/devicebound/#":  false,
		"devices/dev1/messages/devicebound/#/": false,
	} {
		if got := maySubscribe("dev1", filter); got != want {
			t.Errorf("maySubscribe(dev1, %q) = %v; want %v", filter, got, want)
		}
	}
}

func TestMayPublish(t *testing.T) {
	for topic, want := range map[string]bool{
		"devices/dev1/messages/events/":                    true,
		"devices/dev1/messages/events/a=1&%24.ct=text":     true,
		"devices/dev1/messages/events":                     true,
		"devices/dev1/messages/eventsX/":                   false,
		"devices/dev2/messages/events/":                    false,
		"devices/dev1/messages/devicebound/":               false,
		"devices/dev1/modules/m1/messages/events/":         false,
		"$iothub/twin/PATCH/properties/reported/?$rid=1":   false,
		"devices/dev1/messages/events/../../dev2/messages": true, // topics are opaque: no path semantics
	} {
		if got := mayPublish("dev1", topic); got != want {
			t.Errorf("mayPublish(dev1, %q) = %v; want %v", topic, got, want)
		}
	}
}

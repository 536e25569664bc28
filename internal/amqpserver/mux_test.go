package amqpserver

import (
	"fmt"
	"testing"
)

func TestMuxMatchesAddressesTheWayTheSDKsSendThem(t *testing.T) {
	t.Parallel()
	node := func(name string) Node {
		return NodeFunc(func(*Link) (Accept, error) { return Accept{}, fmt.Errorf("%s", name) })
	}
	m := NewMux()
	m.Handle("$cbs", node("cbs"))
	m.Handle("/messages/devicebound", node("c2d send"))
	m.Handle("/messages/servicebound/feedback", node("feedback"))
	m.Handle("/devices/{id}/messages/devicebound", node("device"))
	m.Handle("/devices/{id}/modules/{module}/messages/devicebound", node("module"))
	for _, tc := range []struct{ addr, node, id string }{
		{"$cbs", "cbs", ""},
		{"/messages/devicebound", "c2d send", ""},
		{"amqps://hub.example:5671/messages/deviceBound", "c2d send", ""},
		{"amqps://hub.example/messages/devicebound", "c2d send", ""},
		{"/messages/serviceBound/feedback", "feedback", ""},
		{"amqps://localhost:5671/messages/serviceBound/feedback", "feedback", ""},
		{"/devices/dev1/messages/devicebound", "device", "dev1"},
		{"amqps://h/devices/Dev%2B1/messages/deviceBound", "device", "Dev+1"},
		{"/devices/a+b/messages/devicebound", "device", "a+b"},
		{"/devices/50%/messages/devicebound", "device", "50%"},
		{"/devices/d/modules/m/messages/deviceBound", "module", "d"},
		{"/devices//messages/devicebound", "", ""},
		{"/devices/d/messages/devicebound/extra", "", ""},
		{"/devices/d/messages/events", "", ""},
		{"amqps://host", "", ""},
		{"", "", ""},
	} {
		n, vals, ok := m.Match(tc.addr)
		got := ""
		if ok {
			_, err := n.Attach(nil)
			got = err.Error()
		}
		id := ""
		for _, v := range vals {
			if v.Name == "id" {
				id = v.Value
			}
		}
		if got != tc.node || id != tc.id {
			t.Errorf("Match(%q) = node %q id %q, want %q %q", tc.addr, got, id, tc.node, tc.id)
		}
	}
}

func TestMuxRefusesBadPatterns(t *testing.T) {
	t.Parallel()
	n := NodeFunc(func(*Link) (Accept, error) { return Accept{}, nil })
	for name, f := range map[string]func(m *Mux){
		"empty pattern":  func(m *Mux) { m.Handle("", n) },
		"nil node":       func(m *Mux) { m.Handle("/a", nil) },
		"same pattern":   func(m *Mux) { m.Handle("/A", n) },
		"same with host": func(m *Mux) { m.Handle("amqps://h:1/a", n) },
	} {
		t.Run(name, func(t *testing.T) {
			m := NewMux()
			m.Handle("/a", n)
			defer func() {
				if recover() == nil {
					t.Error("no panic")
				}
			}()
			f(m)
		})
	}
}

func TestNormalizeAddress(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"amqps://h:5671/x/Y": "/x/Y",
		"AMQPS://h/x":        "/x",
		"amqp://h/x":         "/x",
		"/x":                 "/x",
		"$cbs":               "$cbs",
		"amqps://h":          "",
	} {
		if got := NormalizeAddress(in); got != want {
			t.Errorf("NormalizeAddress(%q) = %q, want %q", in, got, want)
		}
	}
}

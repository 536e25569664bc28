package runner

import (
	"strings"
	"testing"
)

func TestTemplateExpand(t *testing.T) {
	v := TemplateVars{Device: "thermostat-3", Group: "thermostats", N: 3, I: 7, Run: "r1"}
	tests := []struct{ in, want string }{
		{"msg-{device}-{i}", "msg-thermostat-3-7"},
		{"{run}/{group}/{n}", "r1/thermostats/3"},
		{"plain", "plain"},
		{"", ""},
		{"{{literal}} {i}", "{literal} 7"},
		{"a}}b{{c", "a}b{c"},
		{"{i}{i}", "77"},
	}
	for _, tt := range tests {
		tpl, err := ParseTemplate(tt.in, MessagePlaces)
		if err != nil {
			t.Fatalf("ParseTemplate(%q): %v", tt.in, err)
		}
		if got := tpl.Expand(v); got != tt.want {
			t.Errorf("Expand(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if tpl.String() != tt.in {
			t.Errorf("String() = %q, want the text as written %q", tpl.String(), tt.in)
		}
	}
}

func TestTemplateRefuses(t *testing.T) {
	tests := []struct{ in, want string }{
		{"msg-{device", "unclosed {"},
		{"msg-}", "unmatched }"},
		{"msg-{devcie}", "unknown placeholder {devcie}"},
		{"thermostat-{i}", "unknown placeholder {i} (here you can use {n})"},
		{"{}", "unknown placeholder {}"},
	}
	for _, tt := range tests {
		places := MessagePlaces
		if strings.HasPrefix(tt.in, "thermostat") {
			places = FleetPlaces
		}
		_, err := ParseTemplate(tt.in, places)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("ParseTemplate(%q) error = %v, want one containing %q", tt.in, err, tt.want)
		}
	}
}

func TestTemplateUses(t *testing.T) {
	tpl, err := ParseTemplate("m-{device}-{{i}}", MessagePlaces)
	if err != nil {
		t.Fatal(err)
	}
	if !tpl.Uses(PlaceDevice) || tpl.Uses(PlaceI) {
		t.Errorf("Uses: device %v, i %v; want true, false ({{i}} is literal)", tpl.Uses(PlaceDevice), tpl.Uses(PlaceI))
	}
	if got := tpl.Literals(); got != "m--{i}" {
		t.Errorf("Literals() = %q, want %q", got, "m--{i}")
	}
	if !(Template{}).IsZero() || Literal("x").IsZero() || !Literal("").IsZero() {
		t.Error("IsZero is wrong for the zero template or a literal")
	}
}

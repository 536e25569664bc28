package runner

import (
	"regexp"
	"strings"
	"testing"
)

func mustTemplate(t *testing.T, s string) Template {
	t.Helper()
	tpl, err := ParseTemplate(s, MessagePlaces)
	if err != nil {
		t.Fatal(err)
	}
	return tpl
}

func received() *Received {
	return &Received{
		MessageID:     "msg-thermostat-1-2",
		CorrelationID: "job-42",
		ContentType:   "application/json",
		Ack:           AckFull,
		Properties:    map[string]string{"priority": "high", "region": "eu-west"},
		Body:          []byte(`{"setpoint":21.5,"mode":{"name":"eco","level":2},"tags":["a","b"]}`),
		DeliveryCount: 1,
	}
}

func TestMessageMatchHolds(t *testing.T) {
	vars := TemplateVars{Device: "thermostat-1", I: 2}
	dc := AtLeast(1)
	m := MessageMatch{
		Body: &TextMatch{Op: JSON, JSON: map[string]any{"mode": map[string]any{"name": "eco"}, "tags": []any{"a", "b"}}},
		System: []SystemMatch{
			{Name: PropMessageID, Match: TextMatch{Op: Equals, Text: mustTemplate(t, "msg-{device}-{i}")}},
			{Name: PropAck, Match: TextMatch{Op: Equals, Text: Literal("full")}},
			{Name: PropTo, Match: TextMatch{Op: Absent}},
		},
		Properties: []PropertyMatch{
			{Name: "region", Match: TextMatch{Op: Matches, Regexp: regexp.MustCompile("^eu-")}},
			{Name: "priority", Match: TextMatch{Op: Contains, Text: Literal("ig")}},
			{Name: "debug", Match: TextMatch{Op: Absent}},
		},
		DeliveryCount: &dc,
	}
	if got := m.Mismatches(received(), vars); len(got) != 0 {
		t.Errorf("Mismatches = %q, want none", got)
	}
}

func TestMessageMatchExplains(t *testing.T) {
	vars := TemplateVars{Device: "thermostat-1", I: 3}
	dc := Exactly(4)
	tests := []struct {
		name string
		m    MessageMatch
		want string
	}{
		{"message id", MessageMatch{System: []SystemMatch{{Name: PropMessageID, Match: TextMatch{Op: Equals, Text: mustTemplate(t, "msg-{device}-{i}")}}}},
			`messageId: want "msg-thermostat-1-3", got "msg-thermostat-1-2"`},
		{"absent property", MessageMatch{Properties: []PropertyMatch{{Name: "zone", Match: TextMatch{Op: Equals, Text: Literal("1")}}}},
			`property zone: want "1", got absent`},
		{"present property that must be absent", MessageMatch{Properties: []PropertyMatch{{Name: "priority", Match: TextMatch{Op: Absent}}}},
			`property priority: want absent, got "high"`},
		{"regexp", MessageMatch{Properties: []PropertyMatch{{Name: "region", Match: TextMatch{Op: Matches, Regexp: regexp.MustCompile("^us-")}}}},
			`property region: want text matching /^us-/, got "eu-west"`},
		{"json", MessageMatch{Body: &TextMatch{Op: JSON, JSON: map[string]any{"setpoint": 20.0}}},
			`body: want JSON containing {"setpoint":20}, got "{\"setpoint\":21.5`},
		{"delivery count", MessageMatch{DeliveryCount: &dc}, "deliveryCount: want 4, got 1"},
		{"body contains", MessageMatch{Body: &TextMatch{Op: Contains, Text: Literal("heat")}}, `body: want text containing "heat"`},
	}
	for _, tt := range tests {
		got := tt.m.Mismatches(received(), vars)
		if len(got) != 1 || !strings.Contains(got[0], tt.want) {
			t.Errorf("%s: Mismatches = %q, want one containing %q", tt.name, got, tt.want)
		}
		if tt.m.Matches(received(), vars) {
			t.Errorf("%s: Matches = true, want false", tt.name)
		}
	}
}

func TestJSONContains(t *testing.T) {
	tests := []struct {
		want, got any
		holds     bool
	}{
		{map[string]any{}, map[string]any{"a": 1.0}, true},
		{map[string]any{"a": 1.0}, map[string]any{"a": 1.0, "b": 2.0}, true},
		{map[string]any{"a": 1.0}, map[string]any{"a": "1"}, false},
		{map[string]any{"a": 1.0}, []any{1.0}, false},
		{[]any{1.0, 2.0}, []any{1.0, 2.0}, true},
		{[]any{1.0}, []any{1.0, 2.0}, false},
		{[]any{map[string]any{"x": true}}, []any{map[string]any{"x": true, "y": nil}}, true},
		{nil, nil, true},
		{"a", map[string]any{}, false},
	}
	for _, tt := range tests {
		if got := jsonContains(tt.want, tt.got); got != tt.holds {
			t.Errorf("jsonContains(%v, %v) = %v, want %v", tt.want, tt.got, got, tt.holds)
		}
	}
}

func TestJSONMatchOnNonJSONBody(t *testing.T) {
	m := &TextMatch{Op: JSON, JSON: map[string]any{}}
	if m.Holds("not json", true, TemplateVars{}) {
		t.Error("a JSON match held on a body that is not JSON")
	}
}

// TestDeliveryCountOverMQTT: MQTT carries no delivery count, so a match on it never
// holds for an MQTT delivery and says why, rather than comparing with a zero.
func TestDeliveryCountOverMQTT(t *testing.T) {
	dc := AtLeast(0)
	m := MessageMatch{DeliveryCount: &dc}
	r := received()
	r.Transport, r.DeliveryCount = MQTT, 0
	got := m.Mismatches(r, TemplateVars{})
	if len(got) != 1 || got[0] != "deliveryCount: want at least 0, but the delivery count does not travel over MQTT" {
		t.Errorf("Mismatches = %q", got)
	}
}

package core

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"gopkg.in/yaml.v3"
)

func TestISO8601Durations(t *testing.T) {
	tests := []struct {
		in   string
		want time.Duration
		out  string
	}{
		{"PT1H", time.Hour, "PT1H"},
		{"P2D", 48 * time.Hour, "P2D"},
		{"PT60S", time.Minute, "PT1M"},
		{"PT0.1S", 100 * time.Millisecond, "PT0.1S"},
		{"PT0,5S", 500 * time.Millisecond, "PT0.5S"},
		{"P1DT2H30M", 26*time.Hour + 30*time.Minute, "P1DT2H30M"},
		{"P1W", 7 * 24 * time.Hour, "P7D"},
		{"PT1.5H", 90 * time.Minute, "PT1H30M"},
		{"PT5M30.25S", 5*time.Minute + 30250*time.Millisecond, "PT5M30.25S"},
	}
	for _, tt := range tests {
		got, err := ParseISO8601Duration(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("Parse(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
		if s := FormatISO8601Duration(tt.want); s != tt.out {
			t.Errorf("Format(%v) = %q; want %q", tt.want, s, tt.out)
		}
	}
	for _, bad := range []string{"", "1H", "P", "PT", "P1Y", "P1M", "PT1H2H", "PT1M1H", "P1.5DT1H", "PTH", "PT-1H", "P1DT", "PT1X", "P99999999999D", "PT1e3S", "PTNaNS"} {
		if d, err := ParseISO8601Duration(bad); err == nil {
			t.Errorf("Parse(%q) = %v; want an error", bad, d)
		}
	}
}

func TestProfiles(t *testing.T) {
	fast, err := Config{}.WithDefaults()
	must(t, err)
	if fast.Emulator.Profile != ProfileFast || time.Duration(fast.Emulator.FeedbackBatchInterval) != 100*time.Millisecond ||
		fast.CloudToDevice.MaxDeliveryCount != 10 || time.Duration(fast.CloudToDevice.DefaultTTL) != time.Hour ||
		time.Duration(fast.Emulator.LockDuration) != time.Minute || time.Duration(fast.CloudToDevice.Feedback.LockDuration) != time.Minute {
		t.Fatalf("fast = %+v", fast)
	}
	azure, err := Config{Emulator: Emulator{Profile: ProfileAzure}, CloudToDevice: CloudToDevice{MaxDeliveryCount: 3}}.WithDefaults()
	must(t, err)
	if time.Duration(azure.Emulator.FeedbackBatchInterval) != 15*time.Second || azure.CloudToDevice.MaxDeliveryCount != 3 {
		t.Fatalf("azure = %+v; want 15 s batches and the given maxDeliveryCount", azure)
	}
	must(t, fast.Validate())
	must(t, azure.Validate())
	if _, err := (Config{Emulator: Emulator{Profile: "slow"}}).WithDefaults(); err == nil || !strings.Contains(err.Error(), "emulator.profile") {
		t.Fatalf("unknown profile: %v", err)
	}
}

func TestValidateNamesFieldAndRange(t *testing.T) {
	c, err := Config{
		CloudToDevice: CloudToDevice{MaxDeliveryCount: 101, DefaultTTL: Duration(30 * time.Second),
			Feedback: FeedbackQueue{LockDuration: Duration(2 * time.Second), TTL: Duration(72 * time.Hour), MaxDeliveryCount: -1}},
		Emulator: Emulator{Throttling: Throttling{Tier: "S9"}},
	}.WithDefaults()
	must(t, err)
	err = c.Validate()
	if err == nil {
		t.Fatal("Validate accepted out-of-range settings")
	}
	for _, want := range []string{
		"cloudToDevice.maxDeliveryCount: 101 is out of range (1 to 100)",
		"cloudToDevice.defaultTtlAsIso8601: PT30S is out of range (PT1M to P2D)",
		"cloudToDevice.feedback.lockDurationAsIso8601: PT2S is out of range (PT5S to PT5M)",
		"cloudToDevice.feedback.ttlAsIso8601: P3D is out of range (PT1M to P2D)",
		"cloudToDevice.feedback.maxDeliveryCount: -1 is out of range (1 to 100)",
		`emulator.throttling.tier: unknown tier "S9"`,
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("Validate error lacks %q:\n%v", want, err)
		}
	}
	if _, err := New(c, Options{}); err == nil {
		t.Fatal("New accepted an invalid configuration")
	}
}

// An Azure properties.cloudToDevice block, as `az iot hub show` prints it,
// decodes into Config.CloudToDevice unchanged.
func TestConfigDecodesAzureShape(t *testing.T) {
	azure := `{"cloudToDevice":{"maxDeliveryCount":10,"defaultTtlAsIso8601":"PT1H",
		"feedback":{"lockDurationAsIso8601":"PT1M","ttlAsIso8601":"PT1H","maxDeliveryCount":10}},
		"emulator":{"feedbackBatchInterval":"250ms","lockDuration":"PT30S","throttling":{"tier":"S1","units":2}}}`
	var c Config
	must(t, json.Unmarshal([]byte(azure), &c))
	if c.CloudToDevice.MaxDeliveryCount != 10 || time.Duration(c.CloudToDevice.Feedback.TTL) != time.Hour ||
		time.Duration(c.Emulator.FeedbackBatchInterval) != 250*time.Millisecond || c.Emulator.Throttling.Units != 2 {
		t.Fatalf("decoded %+v", c)
	}
	out, err := json.Marshal(c.CloudToDevice)
	must(t, err)
	want := `{"maxDeliveryCount":10,"defaultTtlAsIso8601":"PT1H","feedback":{"lockDurationAsIso8601":"PT1M","ttlAsIso8601":"PT1H","maxDeliveryCount":10}}`
	if string(out) != want {
		t.Fatalf("re-encoded %s\nwant %s", out, want)
	}

	yamlDoc := "cloudToDevice:\n  maxDeliveryCount: 5\n  feedback:\n    ttlAsIso8601: PT2H\nemulator:\n  profile: azure\n  lockDuration: 2s\n"
	var y Config
	must(t, yaml.Unmarshal([]byte(yamlDoc), &y))
	y, err = y.WithDefaults()
	must(t, err)
	if y.CloudToDevice.MaxDeliveryCount != 5 || time.Duration(y.CloudToDevice.Feedback.TTL) != 2*time.Hour ||
		time.Duration(y.Emulator.LockDuration) != 2*time.Second || time.Duration(y.Emulator.FeedbackBatchInterval) != 15*time.Second {
		t.Fatalf("yaml decoded %+v", y)
	}
	var bad Config
	if err := yaml.Unmarshal([]byte("cloudToDevice:\n  defaultTtlAsIso8601: PT1Y\n"), &bad); err == nil || !strings.Contains(err.Error(), "PT1Y") {
		t.Fatalf("bad duration in YAML: %v", err)
	}
}

func TestThrottling(t *testing.T) {
	h := newTestHub(t, Config{Emulator: Emulator{Throttling: Throttling{Tier: "S1"}}})
	h.device("dev1")
	must(t, h.Enqueue("dev1", &Message{}))
	err := h.Enqueue("dev1", &Message{})
	wantCode(t, err, ErrThrottled)
	if CodeOf(err).AMQPCondition() != "com.microsoft:device-container-throttled" {
		t.Fatalf("condition for %v", err)
	}
	h.clock.Advance(600 * time.Millisecond) // 1.67/s: one token after 0.6 s
	must(t, h.Enqueue("dev1", &Message{}))
	wantCode(t, h.Enqueue("dev1", &Message{}), ErrThrottled)

	s3 := newTestHub(t, Config{Emulator: Emulator{Throttling: Throttling{Tier: "s3", Units: 1}}})
	s3.device("a")
	s3.device("b")
	for i := range 83 { // one second of S3 sends: 83.33
		must(t, s3.Enqueue([]string{"a", "b"}[i%2], &Message{}))
	}
	wantCode(t, s3.Enqueue("a", &Message{}), ErrThrottled)
}

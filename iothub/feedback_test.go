package iothub

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestParseFeedbackCurrentFormat(t *testing.T) {
	body := `[{"originalMessageId":"0987654321","deviceGenerationId":"636146743722094236","deviceId":"dev1",
	  "enqueuedTimeUtc":"2015-10-29T07:59:00.9772497Z","statusCode":"Success","description":"Success"},
	 {"originalMessageId":"m2","deviceGenerationId":"1","deviceId":"dev2",
	  "enqueuedTimeUtc":"2030-01-01T00:00:00Z","statusCode":"DeliveryCountExceeded","description":"DeliveryCountExceeded"}]`
	records, err := ParseFeedback([]byte(body))
	if err != nil {
		t.Fatal(err)
	}
	want0 := FeedbackRecord{OriginalMessageID: "0987654321", DeviceID: "dev1", DeviceGenerationID: "636146743722094236",
		EnqueuedTime: time.Date(2015, 10, 29, 7, 59, 0, 977249700, time.UTC), Status: FeedbackSuccess, Description: "Success"}
	if len(records) != 2 || !records[0].EnqueuedTime.Equal(want0.EnqueuedTime) {
		t.Fatalf("got %+v", records)
	}
	records[0].EnqueuedTime = want0.EnqueuedTime
	if records[0] != want0 {
		t.Errorf("record 0 = %+v\nwant %+v", records[0], want0)
	}
	if records[1].Status != FeedbackDeliveryCountExceeded || records[1].DeviceID != "dev2" {
		t.Errorf("record 1 = %+v", records[1])
	}
}

func TestParseFeedbackStatusFallsBackOnDescription(t *testing.T) {
	tests := []struct {
		statusCode, description string
		want                    FeedbackStatus
	}{
		{"", "Success", FeedbackSuccess}, // 2015 hub: no statusCode
		{"", "Message rejected", FeedbackRejected},
		{"", "expired", FeedbackExpired},
		{"rejected", "", FeedbackRejected}, // case-insensitive, as .NET and Java
		{"Purged", "Purged", FeedbackPurged},
		{"SomethingNew", "whatever", "SomethingNew"}, // kept as the hub wrote it
		{"", "odd", "odd"},
	}
	for _, tt := range tests {
		body := `[{"originalMessageId":"m","deviceId":"d","statusCode":"` + tt.statusCode + `","description":"` + tt.description + `"}]`
		if tt.statusCode == "" {
			body = `[{"originalMessageId":"m","deviceId":"d","description":"` + tt.description + `"}]`
		}
		records, err := ParseFeedback([]byte(body))
		if err != nil {
			t.Fatal(err)
		}
		if records[0].Status != tt.want || records[0].Description != tt.description {
			t.Errorf("statusCode %q description %q: got %q", tt.statusCode, tt.description, records[0].Status)
		}
	}
}

func TestParseFeedbackTimes(t *testing.T) {
	records, err := ParseFeedback([]byte(`[{"enqueuedTimeUtc":"2030-01-02T03:04:05.1234567"},{"enqueuedTimeUtc":"2030-01-02T03:04:05+02:00"},{}]`))
	if err != nil {
		t.Fatal(err)
	}
	if want := time.Date(2030, 1, 2, 3, 4, 5, 123456700, time.UTC); !records[0].EnqueuedTime.Equal(want) {
		t.Errorf("a time without a zone is %v, want %v (UTC)", records[0].EnqueuedTime, want)
	}
	if want := time.Date(2030, 1, 2, 1, 4, 5, 0, time.UTC); !records[1].EnqueuedTime.Equal(want) {
		t.Errorf("got %v, want %v", records[1].EnqueuedTime, want)
	}
	if !records[2].EnqueuedTime.IsZero() {
		t.Errorf("a missing time is %v", records[2].EnqueuedTime)
	}
}

func TestParseFeedbackRefusesWhatIsNotFeedback(t *testing.T) {
	for name, body := range map[string]string{
		"not JSON":      "hello",
		"an object":     `{"originalMessageId":"m"}`,
		"a bad time":    `[{"enqueuedTimeUtc":"yesterday"}]`,
		"a wrong type":  `[{"deviceId":5}]`,
		"over the size": "[" + strings.Repeat(" ", maxFeedbackBody) + "]",
	} {
		if _, err := ParseFeedback([]byte(body)); !errors.Is(err, ErrMalformedFeedback) {
			t.Errorf("%s: err = %v, want ErrMalformedFeedback", name, err)
		}
	}
	if records, err := ParseFeedback([]byte(`[]`)); err != nil || len(records) != 0 {
		t.Errorf("an empty batch: %v %v", records, err)
	}
}

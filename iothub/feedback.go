package iothub

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
)

// FeedbackStatus is the outcome a feedback record reports, in IoT Hub's words.
type FeedbackStatus string

// The feedback statuses (spec §7.2).
const (
	FeedbackSuccess               FeedbackStatus = "Success"
	FeedbackExpired               FeedbackStatus = "Expired"
	FeedbackDeliveryCountExceeded FeedbackStatus = "DeliveryCountExceeded"
	FeedbackRejected              FeedbackStatus = "Rejected"
	FeedbackPurged                FeedbackStatus = "Purged"
)

// FeedbackContentType is the content type of a feedback message.
const FeedbackContentType = "application/vnd.microsoft.iothub.feedback.json"

// FeedbackRecord is one delivery outcome from the hub's feedback queue.
type FeedbackRecord struct {
	OriginalMessageID  string
	DeviceID           string
	DeviceGenerationID string
	EnqueuedTime       time.Time // when the outcome happened
	// Status is the outcome. It comes from statusCode, or, when that is
	// missing (older hubs), from description; an unrecognised value is kept
	// as the hub wrote it.
	Status      FeedbackStatus
	Description string
}

// ErrMalformedFeedback is the kind of a feedback body that cannot be parsed.
var ErrMalformedFeedback = errors.New("malformed feedback")

// maxFeedbackBody bounds the body ParseFeedback accepts: a batch holds at most
// 64 records of a few hundred bytes each.
const maxFeedbackBody = 1 << 20

type wireFeedbackRecord struct {
	OriginalMessageID  string `json:"originalMessageId"`
	DeviceGenerationID string `json:"deviceGenerationId"`
	DeviceID           string `json:"deviceId"`
	EnqueuedTimeUTC    string `json:"enqueuedTimeUtc"`
	StatusCode         string `json:"statusCode"`
	Description        string `json:"description"`
}

// ParseFeedback parses a feedback message body: a JSON array of records.
func ParseFeedback(body []byte) ([]FeedbackRecord, error) {
	if len(body) > maxFeedbackBody {
		return nil, fmt.Errorf("iothub: feedback body of %d bytes is over the %d-byte limit: %w", len(body), maxFeedbackBody, ErrMalformedFeedback)
	}
	var wire []wireFeedbackRecord
	if err := json.Unmarshal(body, &wire); err != nil {
		return nil, fmt.Errorf("iothub: feedback body is not a JSON array of records (%v): %w", err, ErrMalformedFeedback)
	}
	records := make([]FeedbackRecord, 0, len(wire))
	for i, w := range wire {
		r, err := w.record()
		if err != nil {
			return nil, fmt.Errorf("iothub: feedback record %d: %v: %w", i, err, ErrMalformedFeedback)
		}
		records = append(records, r)
	}
	return records, nil
}

func (w wireFeedbackRecord) record() (FeedbackRecord, error) {
	t, err := parseEnqueuedTime(w.EnqueuedTimeUTC)
	if err != nil {
		return FeedbackRecord{}, err
	}
	return FeedbackRecord{
		OriginalMessageID:  w.OriginalMessageID,
		DeviceID:           w.DeviceID,
		DeviceGenerationID: w.DeviceGenerationID,
		EnqueuedTime:       t,
		Status:             feedbackStatus(w.StatusCode, w.Description),
		Description:        w.Description,
	}, nil
}

// parseEnqueuedTime reads the hub's ISO-8601 UTC time (7 fractional digits);
// a time without a zone is taken as UTC, and a missing time is zero.
func parseEnqueuedTime(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t, nil
	}
	t, err := time.ParseInLocation("2006-01-02T15:04:05.999999999", s, time.UTC)
	if err != nil {
		return time.Time{}, fmt.Errorf("enqueuedTimeUtc %q is not an ISO-8601 time", clip(s, 40))
	}
	return t, nil
}

// knownStatuses are the statuses by their lower-case names, and the
// descriptions older hubs sent instead of a statusCode.
var knownStatuses = map[string]FeedbackStatus{
	"success": FeedbackSuccess, "expired": FeedbackExpired,
	"deliverycountexceeded": FeedbackDeliveryCountExceeded,
	"rejected":              FeedbackRejected, "purged": FeedbackPurged,
	"message rejected": FeedbackRejected,
}

// feedbackStatus reads the status from statusCode, falling back on
// description as the C SDK does.
func feedbackStatus(statusCode, description string) FeedbackStatus {
	for _, s := range []string{statusCode, description} {
		if st, ok := knownStatuses[strings.ToLower(strings.TrimSpace(s))]; ok {
			return st
		}
	}
	if statusCode != "" {
		return FeedbackStatus(statusCode)
	}
	return FeedbackStatus(description)
}

package core

import (
	"encoding/json"
	"time"
)

// FeedbackStatus is the outcome a feedback record reports (statusCode).
type FeedbackStatus string

// The feedback statuses.
const (
	StatusSuccess               FeedbackStatus = "Success"
	StatusExpired               FeedbackStatus = "Expired"
	StatusDeliveryCountExceeded FeedbackStatus = "DeliveryCountExceeded"
	StatusRejected              FeedbackStatus = "Rejected"
	StatusPurged                FeedbackStatus = "Purged"
)

// FeedbackContentType is the content-type of every feedback message.
const FeedbackContentType = "application/vnd.microsoft.iothub.feedback.json"

// feedbackTimeLayout is IoT Hub's enqueuedTimeUtc: UTC, 7 fractional digits.
const feedbackTimeLayout = "2006-01-02T15:04:05.0000000Z"

// FeedbackRecord is one outcome of one C2D message.
type FeedbackRecord struct {
	// OriginalMessageID is the C2D message-id as text (FormatID); "" if none.
	OriginalMessageID  string
	DeviceGenerationID string
	DeviceID           string
	// EnqueuedTimeUTC is when the outcome happened.
	EnqueuedTimeUTC time.Time
	StatusCode      FeedbackStatus
}

// feedbackJSON fixes the field names and their order (spec §7.2).
type feedbackJSON struct {
	OriginalMessageID  string `json:"originalMessageId"`
	DeviceGenerationID string `json:"deviceGenerationId"`
	DeviceID           string `json:"deviceId"`
	EnqueuedTimeUTC    string `json:"enqueuedTimeUtc"`
	StatusCode         string `json:"statusCode"`
	Description        string `json:"description"`
}

// EncodeFeedback writes records as a feedback message body: a JSON array in
// which description equals statusCode (the C SDK reads description).
func EncodeFeedback(records []FeedbackRecord) []byte {
	out := make([]feedbackJSON, len(records))
	for i, r := range records {
		out[i] = feedbackJSON{
			OriginalMessageID:  r.OriginalMessageID,
			DeviceGenerationID: r.DeviceGenerationID,
			DeviceID:           r.DeviceID,
			EnqueuedTimeUTC:    r.EnqueuedTimeUTC.UTC().Format(feedbackTimeLayout),
			StatusCode:         string(r.StatusCode),
			Description:        string(r.StatusCode),
		}
	}
	b, err := json.Marshal(out)
	if err != nil {
		panic("core: feedback records cannot fail to encode: " + err.Error())
	}
	return b
}

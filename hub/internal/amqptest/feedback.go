package amqptest

import (
	"encoding/json"
	"fmt"

	"github.com/Azure/go-amqp"
)

// FeedbackRecord is one record of a feedback message (spec §7.2).
type FeedbackRecord struct {
	OriginalMessageID  string `json:"originalMessageId"`
	DeviceGenerationID string `json:"deviceGenerationId"`
	DeviceID           string `json:"deviceId"`
	EnqueuedTimeUTC    string `json:"enqueuedTimeUtc"`
	StatusCode         string `json:"statusCode"`
	Description        string `json:"description"`
}

// FeedbackRecords parses a feedback message's body.
func FeedbackRecords(m *amqp.Message) ([]FeedbackRecord, error) {
	var rs []FeedbackRecord
	if err := json.Unmarshal(m.GetData(), &rs); err != nil {
		return nil, fmt.Errorf("feedback body %q: %w", m.GetData(), err)
	}
	return rs, nil
}

package amqphead

import (
	"crypto/rand"
	"encoding/hex"
	"time"

	"github.com/hubspec/hubspec/hub/core"
	"github.com/hubspec/hubspec/internal/amqpwire"
)

// IoT Hub's own error conditions (spec §9), beside those of AMQP 1.0.
const (
	conditionArgumentError   amqpwire.Condition = "com.microsoft:argument-error"
	conditionMessageLockLost amqpwire.Condition = "com.microsoft:message-lock-lost"
)

// trackingIDKey is the error info key the SDKs append to their messages.
const trackingIDKey amqpwire.Symbol = "com.microsoft:tracking-id"

// hubError turns a core refusal into the AMQP error IoT Hub sends for it: the
// condition of its error code, the core's description and a tracking id.
func hubError(err error) *amqpwire.Error {
	cond := amqpwire.Condition(core.CodeOf(err).AMQPCondition())
	return newError(cond, err.Error())
}

// newError is an AMQP error with a tracking id, as every IoT Hub error has.
func newError(cond amqpwire.Condition, description string) *amqpwire.Error {
	return &amqpwire.Error{
		Condition:   cond,
		Description: description,
		Info:        amqpwire.Map{{Key: trackingIDKey, Value: trackingID(time.Now())}},
	}
}

// trackingID is shaped like IoT Hub's: 32 hex digits, the gateway number and
// the time ("…-G:0-TimeStamp:11/27/2026 10:04:05").
func trackingID(now time.Time) string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:]) + "-G:0-TimeStamp:" + now.UTC().Format("01/02/2006 15:04:05")
}

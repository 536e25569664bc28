package amqpwire

import (
	"errors"
	"fmt"
)

// DecodeError reports malformed input: what was wrong and at which byte offset,
// and the condition a connection that received it should be closed with.
type DecodeError struct {
	Condition Condition // ConditionDecodeError, ConditionFramingError, ...
	Offset    int       // byte offset in the decoded buffer, or -1
	Field     string    // the field being decoded, e.g. "attach.handle", or ""
	Msg       string
}

// Error says what and where.
func (e *DecodeError) Error() string {
	where := ""
	if e.Offset >= 0 {
		where = fmt.Sprintf(" at byte %d", e.Offset)
	}
	if e.Field != "" {
		return fmt.Sprintf("amqp %s%s in %s: %s", e.kind(), where, e.Field, e.Msg)
	}
	return fmt.Sprintf("amqp %s%s: %s", e.kind(), where, e.Msg)
}

func (e *DecodeError) kind() string {
	if e.Condition == ConditionFramingError {
		return "framing error"
	}
	return "decode error"
}

// AMQPError returns the error to close a connection with.
func (e *DecodeError) AMQPError() *Error {
	return &Error{Condition: e.Condition, Description: e.Error()}
}

// ConditionOf returns the condition carried by err (a *DecodeError or an *Error
// anywhere in its chain), or ConditionInternalError.
func ConditionOf(err error) Condition {
	var de *DecodeError
	if errors.As(err, &de) {
		return de.Condition
	}
	var ae *Error
	if errors.As(err, &ae) {
		return ae.Condition
	}
	return ConditionInternalError
}

func decodeErrorf(off int, format string, args ...any) *DecodeError {
	return &DecodeError{Condition: ConditionDecodeError, Offset: off, Msg: fmt.Sprintf(format, args...)}
}

func framingErrorf(format string, args ...any) *DecodeError {
	return &DecodeError{Condition: ConditionFramingError, Offset: -1, Msg: fmt.Sprintf(format, args...)}
}

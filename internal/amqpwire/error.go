package amqpwire

// Condition is an AMQP error condition: a symbol such as "amqp:not-found". The
// constants below are the conditions of the AMQP 1.0 specification; other
// vocabularies (IoT Hub's "com.microsoft:*" conditions) are just more values of
// this type.
type Condition Symbol

// The error conditions of AMQP 1.0 (part 2.8.15 to 2.8.18).
const (
	ConditionInternalError         Condition = "amqp:internal-error"
	ConditionNotFound              Condition = "amqp:not-found"
	ConditionUnauthorizedAccess    Condition = "amqp:unauthorized-access"
	ConditionDecodeError           Condition = "amqp:decode-error"
	ConditionResourceLimitExceeded Condition = "amqp:resource-limit-exceeded"
	ConditionNotAllowed            Condition = "amqp:not-allowed"
	ConditionInvalidField          Condition = "amqp:invalid-field"
	ConditionNotImplemented        Condition = "amqp:not-implemented"
	ConditionResourceLocked        Condition = "amqp:resource-locked"
	ConditionPreconditionFailed    Condition = "amqp:precondition-failed"
	ConditionResourceDeleted       Condition = "amqp:resource-deleted"
	ConditionIllegalState          Condition = "amqp:illegal-state"
	ConditionFrameSizeTooSmall     Condition = "amqp:frame-size-too-small"

	ConditionConnectionForced Condition = "amqp:connection:forced"
	ConditionFramingError     Condition = "amqp:connection:framing-error"
	ConditionConnRedirect     Condition = "amqp:connection:redirect"

	ConditionWindowViolation  Condition = "amqp:session:window-violation"
	ConditionErrantLink       Condition = "amqp:session:errant-link"
	ConditionHandleInUse      Condition = "amqp:session:handle-in-use"
	ConditionUnattachedHandle Condition = "amqp:session:unattached-handle"

	ConditionDetachForced          Condition = "amqp:link:detach-forced"
	ConditionTransferLimitExceeded Condition = "amqp:link:transfer-limit-exceeded"
	ConditionMessageSizeExceeded   Condition = "amqp:link:message-size-exceeded"
	ConditionLinkRedirect          Condition = "amqp:link:redirect"
	ConditionStolen                Condition = "amqp:link:stolen"
)

// Error is the AMQP error type carried by detach, end, close and the rejected
// outcome. It implements the error interface.
type Error struct {
	Condition   Condition
	Description string
	Info        Map // keys are symbols, e.g. "com.microsoft:tracking-id"
}

// Error returns the condition and description.
func (e *Error) Error() string {
	if e.Description == "" {
		return string(e.Condition)
	}
	return string(e.Condition) + ": " + e.Description
}

// NewError returns an *Error with the condition and description.
func NewError(c Condition, description string) *Error {
	return &Error{Condition: c, Description: description}
}

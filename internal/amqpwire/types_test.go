package amqpwire

import (
	"errors"
	"fmt"
	"testing"
)

func TestMapGetLookupSet(t *testing.T) {
	m := Map{{Symbol("a"), 1}, {"b", 2}, {[]byte("c"), 3}}
	if v, ok := m.Get(Symbol("a")); !ok || v != 1 {
		t.Errorf("Get(Symbol a) = %v, %v", v, ok)
	}
	if _, ok := m.Get("a"); ok {
		t.Error(`Get("a") found the symbol key a`)
	}
	if v, ok := m.Get([]byte("c")); !ok || v != 3 {
		t.Errorf("Get(binary c) = %v, %v", v, ok)
	}
	if v, ok := m.Lookup("a"); !ok || v != 1 {
		t.Errorf("Lookup(a) = %v, %v", v, ok)
	}
	if v, ok := m.Lookup("b"); !ok || v != 2 {
		t.Errorf("Lookup(b) = %v, %v", v, ok)
	}
	if _, ok := (Map{{[]any{}, 1}}).Get([]any{}); ok {
		t.Error("an uncomparable key matched")
	}
	m.Set("b", 20)
	m.Set(Symbol("d"), 4)
	if v, _ := m.Get("b"); v != 20 || len(m) != 4 {
		t.Errorf("after Set: %v", m)
	}
}

func TestNamesAndStrings(t *testing.T) {
	for got, want := range map[string]string{
		testUUID.String():                                   "c2a3f7c4-0e34-4c58-9a9e-1a2b3c4d5e6f",
		RoleSender.String():                                 "sender",
		RoleReceiver.String():                               "receiver",
		SenderSettleModeMixed.String():                      "mixed",
		SenderSettleMode(9).String():                        "snd-settle-mode(9)",
		ReceiverSettleModeSecond.String():                   "second",
		StateName(Accepted{}):                               "accepted",
		StateName(Rejected{}):                               "rejected",
		StateName(nil):                                      "none",
		StateName(Received{}):                               "received",
		NewError(ConditionNotFound, "x").Error():            "amqp:not-found: x",
		(&Error{Condition: ConditionInternalError}).Error(): "amqp:internal-error",
	} {
		if got != want {
			t.Errorf("got %q, want %q", got, want)
		}
	}
	if !IsOutcome(Modified{}) || IsOutcome(Received{}) || IsOutcome(nil) {
		t.Error("IsOutcome is wrong")
	}
	if Some(3).Or(4) != 3 || (Optional[int]{}).Or(4) != 4 {
		t.Error("Optional.Or is wrong")
	}
}

func TestConditionOf(t *testing.T) {
	_, _, err := DecodeValue([]byte{0x01})
	wrapped := fmt.Errorf("reading: %w", err)
	if ConditionOf(wrapped) != ConditionDecodeError {
		t.Errorf("ConditionOf(%v) = %s", wrapped, ConditionOf(wrapped))
	}
	if ConditionOf(NewError(ConditionNotFound, "")) != ConditionNotFound {
		t.Error("ConditionOf(*Error) lost the condition")
	}
	if ConditionOf(errors.New("x")) != ConditionInternalError {
		t.Error("ConditionOf(plain error) should be internal-error")
	}
}

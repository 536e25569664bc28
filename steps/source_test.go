package steps

import (
	"testing"
)

// TestStepsKeepTheirSource: every step the Gherkin front end builds carries its keyword
// and text as written (an outline's row filled in, variables as written), which failures
// name it by.
func TestStepsKeepTheirSource(t *testing.T) {
	feature := `Feature: f
  Scenario Outline: o
    Given a device "d-1"
    When the back end sends message "m" to device "d-1" with ack <ack>
    Then device "d-1" receives 1 message within ${WITHIN}
    And the service gets no feedback for message "m" within 1s
    But device "d-1" has completed 1 message

    Examples:
      | ack  |
      | none |
`
	scs, err := Parse("f.feature", []byte(feature), Options{Vars: map[string]string{"WITHIN": "5s"}})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		`When the back end sends message "m" to device "d-1" with ack none`,
		`Then device "d-1" receives 1 message within ${WITHIN}`,
		`And the service gets no feedback for message "m" within 1s`,
		`But device "d-1" has completed 1 message`,
	}
	steps := scs[0].Steps
	if len(steps) != len(want) {
		t.Fatalf("%d steps, want %d", len(steps), len(want))
	}
	for i, w := range want {
		if got := steps[i].Written(); got != w {
			t.Errorf("step %d: source %q, want %q", i+1, got, w)
		}
	}
}

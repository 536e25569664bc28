package steps_test

import (
	"fmt"
	"strings"

	"github.com/hubspec/hubspec/runner"
	"github.com/hubspec/hubspec/steps"
)

// A feature becomes runner.Scenarios: one per scenario and per outline row, each step
// a typed step at its line.
func ExampleParse() {
	feature := `Feature: Feedback by ack mode
  Background:
    Given a device "valve-1" that rejects every message

  Scenario Outline: Sent with ack
    When the back end sends message "close" to device "valve-1" with ack <ack>
    Then the service gets <feedback> feedback for message "close" within 5s

    Examples:
      | ack      | feedback |
      | negative | Rejected |
      | positive | no       |
`
	scenarios, err := steps.Parse("ack.feature", []byte(feature), steps.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, sc := range scenarios {
		fmt.Printf("%s (line %d)\n", sc.Name, sc.At.Line)
		for _, step := range sc.Steps {
			fmt.Printf("  %T at line %d\n", step, step.Position().Line)
		}
	}
	// Output:
	// Sent with ack (ack=negative, feedback=Rejected) (line 11)
	//   *runner.Send at line 6
	//   *runner.ExpectFeedback at line 7
	// Sent with ack (ack=positive, feedback=no) (line 12)
	//   *runner.Send at line 6
	//   *runner.ExpectNoFeedback at line 7
}

// Problems name the file and line, and suggest the closest known step.
func ExampleParse_problems() {
	feature := `Feature: Typos
  Scenario: A device
    Given a device "valve-1"
    Then device "valve-1" recieves 1 message
`
	_, err := steps.Parse("typo.feature", []byte(feature), steps.Options{})
	for _, p := range err.(runner.Problems) {
		fmt.Println(p.Pos, p.Msg[:strings.Index(p.Msg, ";")])
	}
	// Output:
	// typo.feature:4 undefined step "device "valve-1" recieves 1 message"
}

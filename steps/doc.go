// Package steps is hubspec's Gherkin front end: a library of steps, phrased in the
// words of IoT Hub's cloud-to-device messaging, with which a user writes a .feature
// and no Go at all.
//
//	Feature: Feedback
//	  Scenario: A device completes a message and the service gets Success feedback
//	    Given a device "thermostat-1"
//	    When the back end sends message "setpoint" to device "thermostat-1" with ack full
//	    Then device "thermostat-1" receives message "setpoint"
//	    And the service gets Success feedback for message "setpoint"
//
// [Load] turns a feature file into runner.Scenarios, the model the YAML front end
// builds too, so the same engine, message ledger, deadlines and reports serve both:
// one Scenario per Scenario, and one per row of a Scenario Outline's Examples (named
// after the row's values), with the Background's steps first (a Rule's too) and the
// tags of the feature, rule, scenario and examples.
//
// godog reads the file: it parses it, matches every step against the catalogue's
// patterns (finding undefined and ambiguous steps) and calls the matched step's
// function with the arguments it captured. Those functions touch no hub: they build
// the model, each Gherkin step becoming the runner's fleet groups, behaviours, hub
// settings or typed steps with the file and line it was written at, and with its keyword
// and text as written, which a failure names it by. runner.Check then finds what no hub
// could run, as it does for YAML. docs/gherkin.md explains the design; docs/steps.md
// lists every step.
//
// The catalogue ([Catalogue]) is the one source of the steps: each [Definition] has a
// phrase (from which godog's pattern is made), a description and an example, and
// `hubspec steps` and docs/steps.md are written from it ([WriteText],
// [WriteMarkdown]).
package steps

// Package hubspectest runs hubspec specs (Gherkin features and YAML scenarios) under
// go test: each spec file is a subtest, and each scenario in it (each row of an
// outline) a subtest of its own, run end to end against an embedded IoT Hub started
// for it, the way `hubspec run` runs it.
//
//	func TestFeatures(t *testing.T) {
//		hubspectest.Run(t, "features")
//	}
//
// A scenario that fails fails its subtest with the explanation `hubspec run` prints:
// what was expected, what was observed, and the message ledger lines that matter,
// then the scenario's timeline. A spec with problems (an undefined step, an impossible
// combination) fails its file's subtest with every problem at its file and line, and
// runs nothing. Run one scenario with go test's -run:
//
//	go test -run 'TestFeatures/seed.feature/A_device_completes'
//
// [RunWith] takes options: variables, a tag expression, parallel scenarios, or a
// real hub.
package hubspectest

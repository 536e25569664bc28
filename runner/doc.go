// Package runner is hubspec's engine and the one API both front ends call.
//
// A front end (the YAML loader in runner/scenario, the Gherkin step library in steps)
// turns a user's spec into a [Scenario]: a name, tags, the hub settings the scenario
// runs with or assumes, the variables it used, the fleet of device [Group]s with their
// settlement [Behaviour], and an ordered list of typed [Step]s. Actions ([Connect],
// [Disconnect], [Send], [Purge], [Wait]) change the world; expectations
// ([ExpectReceive], [ExpectFeedback], [ExpectNoMessage], …) are queries over the
// message ledger with a deadline. Every model value carries the [Pos] it was written
// at, so any problem found later points into the user's file as file:line:col.
//
// [Check] finds what no hub could run: impossible combinations such as a reject over
// MQTT, feedback expected for an ack mode that produces none, or a deadline shorter than
// the hub's feedback batching. Both front ends call it, so the rules are the same for YAML
// and Gherkin.
//
// Execution is step by step through a [Session]: the YAML front end calls Do for each
// step in order; the Gherkin front end calls it as godog matches each step.
//
// The pure pieces execution needs are here too: [Template] for id templates such as
// thermostat-{n} and msg-{device}-{i}, [Variables] for ${VAR}, [TagExpr] for --tags,
// [MessageMatch] for rules and expectations, and [Behaviour.Decide] for how a device
// settles a delivery.
package runner

// Package runner is hubspec's engine and the one API both front ends call.
//
// A front end turns a user's spec into a [Scenario]: a name, tags, the hub settings the
// scenario runs with or assumes ([HubSettings], the embedded hub's own core.Config), the
// variables it used, the fleet of device [Group]s with their settlement [Behaviour],
// and an ordered list of typed [Step]s. Actions ([Connect], [Disconnect], [Send],
// [Purge], [Wait]) change the world; expectations ([ExpectReceive], [ExpectFeedback],
// [ExpectFeedbackCounts], [ExpectNoFeedback], [ExpectDispositions], [ExpectNoMessage],
// [ExpectSendOutcomes], [ExpectQueued]) are queries over the message ledger with a
// deadline. Every model value carries the [Pos] it was written at, so any problem found
// later points into the user's file as file:line:col (file:line for Gherkin).
//
// The YAML front end (runner/scenario) decodes a whole file at once. A front end that
// meets its spec step by step (Gherkin on godog) builds the same Scenario as steps are
// matched: "given" steps about the fleet and the hub fill in Fleet and Hub, the others
// append to Steps. Zero values mean the defaults a user would expect: AMQP, online from
// the start, complete every delivery, ack none, the scenario's deadline. Package
// runner/specs finds spec files and dispatches each to its front end by extension.
//
// [Check] finds what no hub could run: impossible combinations such as a reject over
// MQTT, feedback expected for an ack mode that produces none, a deadline shorter than
// the hub's feedback batching, message ids that collide. Both front ends call it, so the
// rules are the same for YAML and Gherkin.
//
// Execution is step by step through a [Session] (the engine that implements it comes
// with `hubspec run`): the YAML front end calls Do for each step in order; the Gherkin
// front end calls it as godog runs each step.
//
// The pure pieces execution needs are here too: [Template] for id templates such as
// thermostat-{n} and msg-{device}-{i}, [Variables] for ${VAR}, [TagExpr] for --tags,
// [Count], [MessageMatch] for rules and expectations, and [Behaviour.Decide] for how a
// device settles a delivery.
package runner

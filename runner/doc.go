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
// An [Engine] runs scenarios. Without a hub connection string each scenario gets an
// embedded hub of its own, started with its hub settings; with one, every scenario runs
// on that real hub, each with devices of its own (ids carry the run's id, so runs and
// scenarios running side by side never meet). Either way the engine reaches the hub only
// as a client does, through package iothub: it provisions the fleet with the bulk
// registry call, connects AMQP devices about 500 to a connection (MQTT devices one
// each), sends through the service client, and routes every feedback record to the
// message ledger (runner/ledger) of the scenario that sent the message. The embedded
// hub's lifecycle is the engine's; nothing else about it is.
//
// Execution is step by step through a [Session] that [Engine.Start] returns: Do runs one
// step. Actions act; expectations are queries over the ledger, awaited with
// ledger.Wait until they hold or their deadline passes, never after a fixed sleep. An
// expectation that does not hold is a [*Failure]: the summary, what was expected, what
// was observed, and the ledger lines that matter. Close waits for settlements under way,
// accounts for every message sent (an unknown fate is a failure naming the message),
// then disconnects the devices and deletes them, also after a failure or an
// interruption. [Engine.Run] does all of it for one scenario and returns its
// report.Case (the API a go test helper calls); [Engine.RunSuites] runs many, with
// tags, parallelism and fail-fast, into a report.Run.
//
// The pure pieces execution needs are here too: [Template] for id templates such as
// thermostat-{n} and msg-{device}-{i}, [Variables] for ${VAR}, [TagExpr] for --tags,
// [Count], [MessageMatch] for rules and expectations, and [Behaviour.Decide] for how a
// device settles a delivery.
package runner

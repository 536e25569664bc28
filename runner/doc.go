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
// later points into the user's file as file:line:col (file:line for Gherkin), and every
// step its [Source], so that its failure names it in the user's words.
//
// Both front ends build whole Scenarios when a file is loaded, before anything runs:
// the YAML front end (runner/scenario) decodes a file at once; the Gherkin front end
// (steps) has godog match each step of each pickle against its catalogue, and the
// matched step adds to the model: "given" steps about the fleet and the hub fill in
// Fleet and Hub, the others append to Steps. Zero values mean the defaults a user would
// expect: AMQP, online from the start, complete every delivery, ack none, the scenario's
// deadline. Package runner/specs finds spec files and dispatches each to its front end by
// extension; the engine then runs the scenarios, whichever front end built them.
//
// [Check] finds what no hub could run: impossible combinations such as feedback expected
// for an ack mode that produces none, a deadline shorter than the hub's feedback
// batching, message ids that collide, and what MQTT devices cannot do (reject, abandon,
// a deliveryCount to match, Rejected or DeliveryCountExceeded feedback, a property named
// like a system property of the MQTT topic). Both front ends call it, so the rules are
// the same for YAML and Gherkin.
//
// An [Engine] runs scenarios. Without a hub connection string each scenario gets an
// embedded hub of its own, started with its hub settings; with one, every scenario runs
// on that real hub, each with devices of its own (ids carry the run's id, so runs and
// scenarios running side by side never meet). Either way the engine reaches the hub only
// as a client does, through package iothub: it provisions the fleet with the bulk
// registry call, connects AMQP devices about 500 to a connection (MQTT devices one
// each, as IoT Hub allows one MQTT connection per device), sends through the service
// client, and routes every feedback record to the message ledger (runner/ledger) of the
// scenario that sent the message. The ledger knows each device's transport: an MQTT
// device completes by PUBACK, which the hub does not answer, and sees no delivery
// count. The embedded hub's lifecycle is the engine's; nothing else about it is.
//
// Execution is step by step through a [Session] that [Engine.Start] returns: Do runs one
// step. Actions act; expectations are queries over the ledger, awaited with
// ledger.Wait until they hold or their deadline passes, never after a fixed sleep. An
// expectation that does not hold is a [*Failure]: its first line names the step's
// position and the step as written (a Gherkin step's text, a YAML step's kind) with the
// summary, then what was expected, what was observed, and the ledger lines that matter.
// Close waits for settlements under way,
// accounts for every message sent (an unknown fate is a failure naming the message),
// then disconnects the devices and deletes them, also after a failure or an
// interruption. [Engine.Run] does all of it for one scenario and returns its
// report.Case (the API a go test helper calls); [Engine.RunSuites] runs many, with
// tags, parallelism and fail-fast, into a report.Run.
//
// The pure pieces execution needs are here too: [Template] for id templates such as
// thermostat-{n} and msg-{device}-{i}, [Variables] for ${VAR} (whose problems name a
// variable, never its value), [TagExpr] for --tags,
// [Count], [MessageMatch] for rules and expectations, and [Behaviour.Decide] for how a
// device settles a delivery.
package runner

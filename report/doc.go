// Package report turns a hubspec run's results into what people and CI read: a console
// for a person, JUnit XML for CI, and JSON for tools.
//
// The runner fills a Run (one Suite per spec file, one Case per scenario or outline row)
// and hands it to the writers:
//
//	report.WriteFile("junit.xml", run, report.WriteJUnit)
//	report.WriteFile("report.json", run, report.WriteJSON)
//
// While the run goes on, the runner tells a Console (a Listener) what is running, how far
// long work has come and how each scenario ended; at the end it asks for the summary:
//
//	con := report.NewConsole(os.Stdout, report.ConsoleOptions{})
//	con.ScenarioStarted("scenarios/feedback.yaml", "Device completes and the service gets Success")
//	con.Progress("connecting devices", 250, 1000)
//	con.ScenarioFinished("scenarios/feedback.yaml", result)
//	con.Summary(run)
//
// The package has its own result model so that it depends on nothing else in hubspec:
// the runner converts its ledger's latencies and timelines into Latency values and text.
//
// Every writer works from one prepared copy of the run in which every text has been
// cleaned (valid UTF-8, no control characters or terminal escapes) and passed through
// Redact, which masks SAS tokens, keys and the credentials of connection strings. Binary
// message bodies belong in explanations as FormatBody renders them: quoted text, or base64.
//
// The JUnit writer keeps every rule of the project's JUnit spec: a dotted classname from
// the spec's path without its extension, names unique within the report, counters equal
// to their children, timestamps in UTC without a zone, times in seconds with a decimal
// point, at most one of failure, error and skipped per case with the first line in
// @message and the whole explanation as text, a compact system-out, and Surefire's
// flakyFailure and rerunFailure for retried cases. docs/reports.md describes the three
// formats and the JSON schema.
package report

package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/hubspec/hubspec/report"
	"github.com/hubspec/hubspec/runner"
	"github.com/hubspec/hubspec/runner/specs"
)

const runUsage = `Run reads every spec file under the paths (folders are walked for spec files; the
current folder when none is named), refuses them all with exit 2 if any is invalid (as
'hubspec validate' reports), and otherwise runs each scenario end to end: against an
embedded IoT Hub of its own, started with the scenario's hub settings, or against the
real hub a connection string names. On a real hub each scenario gets devices with ids
unique to the run, created with the bulk registry call and deleted at the end, also
when the scenario fails or the run is interrupted (SIGINT, SIGTERM).

The console shows each scenario as it runs, progress for fleets, and at the end every
failure explained, the counts and the latencies. Exit status: 0 when every scenario
passed, 1 when one failed or could not run, 2 for invalid input or usage.

Flags (anywhere among the paths):
  --junit FILE       write a JUnit XML report to FILE
  --json FILE        write a JSON report to FILE
  --tags EXPR        run the scenarios the tag expression selects, e.g.
                     "@smoke and not @slow" or "@smoke && ~@slow"; the others are
                     reported skipped
  --var NAME=VALUE   set a variable (repeatable); overrides the environment
  --parallel N       run N scenarios at once, isolated from each other (default 1)
  --timeout D        end the whole run after D (e.g. 10m); scenarios under way are
                     cleaned up and end in error, the rest are skipped
  --fail-fast        skip the remaining scenarios after the first failure
  --shard K/N        run only the K-th of N parts of the scenarios (K from 1), for
                     splitting a suite across machines: every machine given the same
                     paths and N runs a disjoint part, together each scenario once
                     (on a real hub, give each shard a hub of its own)
  --hub CONNSTR      run against the real hub of this service connection string (a
                     policy with registry write and service connect);
                     IOTHUB_CONNECTION_STRING does the same. It is never printed.
  --ca-file FILE     trust this CA certificate too (IOTHUB_CA_FILE does the same), for
                     a hub such as 'hubspec hub' started elsewhere
  --send-rate N      on a real hub, send at most N messages a minute (an S1 unit's
                     C2D quota is about 100); by default as fast as the hub takes them

IOTHUB_AMQP_ADDR, IOTHUB_HTTPS_ADDR and IOTHUB_MQTT_ADDR, as 'hubspec hub' prints them,
give the addresses to dial for a hub on other ports; its HostName stays the TLS name.
HUBSPEC_RUN_ID fixes {run} (and, on a real hub, the suffix of device ids) for runs that
must be repeatable; run those one at a time.
`

// runFlags are the options of one `hubspec run`.
type runFlags struct {
	junit, json, tags, hub, caFile string
	shard                          runner.Shard
	parallel                       int
	sendRate                       float64
	timeout                        time.Duration
	failFast                       bool
	vars                           *varFlag
	paths                          []string
}

func parseRunFlags(args []string) (*runFlags, error) {
	fs := newFlags("run")
	f := &runFlags{vars: newVarFlag()}
	fs.Var(f.vars, "var", "")
	fs.StringVar(&f.junit, "junit", "", "")
	fs.StringVar(&f.json, "json", "", "")
	fs.StringVar(&f.tags, "tags", "", "")
	fs.StringVar(&f.hub, "hub", "", "")
	fs.StringVar(&f.caFile, "ca-file", "", "")
	fs.IntVar(&f.parallel, "parallel", 1, "")
	fs.Float64Var(&f.sendRate, "send-rate", 0, "")
	fs.DurationVar(&f.timeout, "timeout", 0, "")
	fs.BoolVar(&f.failFast, "fail-fast", false, "")
	shard := fs.String("shard", "", "")
	paths, err := parseArgs(fs, args)
	if err == nil && *shard != "" {
		f.shard, err = runner.ParseShard(*shard)
	}
	switch {
	case err != nil:
		return nil, usagef("%v", err)
	case f.vars.err != nil:
		return nil, usagef("%v", f.vars.err)
	case f.parallel < 1:
		return nil, usagef("--parallel %d: want at least 1", f.parallel)
	case f.timeout < 0:
		return nil, usagef("--timeout %s: want a positive duration", f.timeout)
	case f.sendRate < 0:
		return nil, usagef("--send-rate %g: want sends a minute, above zero", f.sendRate)
	}
	f.paths = paths
	if len(paths) == 0 {
		f.paths = []string{"."}
	}
	return f, nil
}

func runRun(ctx context.Context, e *env, args []string) error {
	f, err := parseRunFlags(args)
	if err != nil {
		return err
	}
	expr, err := runner.ParseTagExpr(f.tags)
	if err != nil {
		return usagef("%v", err)
	}
	con := report.NewConsole(e.stdout, report.ConsoleOptions{Getenv: func(k string) string { return envValue(e, k) }})
	engine, err := newRunEngine(e, f, con)
	if err != nil {
		return err
	}
	suites, err := loadSuites(e, f, engine.RealHub())
	if err != nil {
		return err
	}
	if f.shard.Count > 1 {
		all := runner.CountScenarios(suites)
		suites = f.shard.Select(suites)
		fmt.Fprintf(e.stdout, "shard %s: %d of %d scenarios\n", f.shard, runner.CountScenarios(suites), all)
		if engine.RealHub() {
			fmt.Fprintln(e.stderr, "hubspec run: warning: shards on one real hub take each other's feedback from its one feedback queue; give each shard a hub of its own (docs/running.md#across-machines)")
		}
	}
	ctx, stop := signal.NotifyContext(ctx, syscall.SIGTERM)
	defer stop()
	if f.timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, f.timeout)
		defer cancel()
	}
	return runSuites(ctx, con, f, engine, suites, runner.RunOptions{Parallel: f.parallel, FailFast: f.failFast, Tags: expr, TagsText: f.tags, Shard: f.shard})
}

// newRunEngine makes the engine for the hub the flags and the environment name.
func newRunEngine(e *env, f *runFlags, con *report.Console) (*runner.Engine, error) {
	opts := runner.EngineOptions{
		Hub:       firstSet(f.hub, envValue(e, "IOTHUB_CONNECTION_STRING")),
		CAFile:    firstSet(f.caFile, envValue(e, "IOTHUB_CA_FILE")),
		AMQPAddr:  envValue(e, "IOTHUB_AMQP_ADDR"),
		HTTPSAddr: envValue(e, "IOTHUB_HTTPS_ADDR"),
		MQTTAddr:  envValue(e, "IOTHUB_MQTT_ADDR"),
		Listener:  con,
		RunID:     envValue(e, "HUBSPEC_RUN_ID"),
		SendRate:  f.sendRate,
	}
	engine, err := runner.NewEngine(opts)
	if err != nil {
		return nil, usagef("%v", err)
	}
	return engine, nil
}

// loadSuites reads every spec file; any problem is reported as validate reports it.
func loadSuites(e *env, f *runFlags, realHub bool) ([]runner.Suite, error) {
	files, err := specs.Find(f.paths)
	if err != nil {
		return nil, usagef("%v", err)
	}
	if len(files) == 0 {
		return nil, usagef("no spec files (%s) under %s", strings.Join(specs.Extensions(), ", "), strings.Join(f.paths, " "))
	}
	opts := specs.Options{Vars: f.vars.vars, Env: e.lookupEnv, Check: runner.CheckOptions{RealHub: realHub}}
	var suites []runner.Suite
	var problems runner.Problems
	for _, file := range files {
		scenarios, err := specs.Load(file, opts)
		var ps runner.Problems
		switch {
		case errors.As(err, &ps):
			problems = append(problems, ps...)
		case err != nil:
			problems.Add(runner.Pos{File: file}, "%v", err)
		}
		suites = append(suites, runner.Suite{File: file, Scenarios: scenarios})
	}
	if len(problems) > 0 {
		for _, p := range problems {
			fmt.Fprintln(e.stderr, p.Error())
		}
		fmt.Fprintf(e.stderr, "hubspec run: %s; nothing was run\n", plural(len(problems), "problem"))
		return nil, errInvalid
	}
	return suites, nil
}

// runSuites runs the scenarios, prints the summary, writes the reports and returns
// errFailed when a scenario did not pass.
func runSuites(ctx context.Context, con *report.Console, f *runFlags, engine *runner.Engine, suites []runner.Suite, opts runner.RunOptions) error {
	run := engine.RunSuites(ctx, suites, opts)
	_ = engine.Close(context.WithoutCancel(ctx))
	con.Summary(run)
	for _, r := range []struct {
		path  string
		write func(io.Writer, report.Run) error
	}{{f.junit, report.WriteJUnit}, {f.json, report.WriteJSON}} {
		if r.path == "" {
			continue
		}
		if err := report.WriteFile(r.path, run, r.write); err != nil {
			return fmt.Errorf("report: %w", err)
		}
	}
	if !run.OK() {
		return errFailed
	}
	return nil
}

func envValue(e *env, name string) string {
	v, _ := e.lookupEnv(name)
	return v
}

func firstSet(values ...string) string {
	for _, v := range values {
		if v != "" {
			return v
		}
	}
	return ""
}

// Command hubspec runs declarative scenario tests of Azure IoT Hub cloud-to-device
// messaging, against a real hub or its own embedded emulator.
//
// Each subcommand lives in its own file and is one line of the table in commandTable.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
)

// Exit codes: every subcommand maps its outcome onto these.
const (
	exitOK      = 0 // all passed / valid
	exitFailed  = 1 // a scenario failed
	exitInvalid = 2 // invalid input or usage
)

// env is what a subcommand may touch: its output streams and the environment. Tests
// pass their own.
type env struct {
	stdout    io.Writer
	stderr    io.Writer
	lookupEnv func(name string) (string, bool)
}

// command is one subcommand. run gets the arguments after the command's name and
// checks its usage first.
type command struct {
	name    string
	args    string // the synopsis after the name
	summary string // one line for `hubspec help`
	help    string // the rest of `hubspec help NAME`
	run     func(ctx context.Context, e *env, args []string) error
}

// commandTable lists the subcommands, sorted by name (keep it so). Adding one is a
// line here and a file with its run function.
func commandTable() []command {
	return []command{
		{"help", "[COMMAND]", "show help for hubspec or a command", "", runHelp},
		{"hub", "[flags]", "run the embedded IoT Hub emulator for other clients", hubHelp, runHub},
		{"run", "[flags] [PATH...]", "run scenarios against the embedded hub or a real one", runUsage, runRun},
		{"steps", "[--markdown] [WORD...]", "list the Gherkin steps features may use", stepsHelp, runSteps},
		{"validate", "[flags] PATH...", "check spec files without a hub", validateHelp, runValidate},
		{"version", "", "print hubspec's version", "", runVersion},
	}
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := Main(ctx, os.Args[1:], &env{stdout: os.Stdout, stderr: os.Stderr, lookupEnv: os.LookupEnv})
	stop()
	os.Exit(code)
}

// Main runs hubspec with args (without the program name) and returns the exit code.
func Main(ctx context.Context, args []string, e *env) int {
	if len(args) == 0 {
		writeUsage(e.stderr)
		return exitInvalid
	}
	name := args[0]
	if name == "-h" || name == "--help" || name == "-help" {
		name = "help"
	}
	cmd, ok := lookup(name)
	if !ok {
		fmt.Fprintf(e.stderr, "hubspec: unknown command %q\n", name)
		writeUsage(e.stderr)
		return exitInvalid
	}
	return exitCode(e, cmd, cmd.run(ctx, e, args[1:]))
}

func lookup(name string) (command, bool) {
	for _, c := range commandTable() {
		if c.name == name {
			return c, true
		}
	}
	return command{}, false
}

// usageError is a mistake in how a command was called.
type usageError struct{ msg string }

func (u *usageError) Error() string { return u.msg }

func usagef(format string, args ...any) error {
	return &usageError{msg: fmt.Sprintf(format, args...)}
}

// errInvalid means the command found invalid input and has already reported it.
var errInvalid = errors.New("invalid input")

// errFailed means a scenario failed and the command has already reported it.
var errFailed = errors.New("a scenario failed")

// exitCode reports err as the command's outcome.
func exitCode(e *env, cmd command, err error) int {
	var ue *usageError
	switch {
	case err == nil:
		return exitOK
	case errors.As(err, &ue):
		fmt.Fprintf(e.stderr, "hubspec %s: %s\nusage: hubspec %s %s\nRun 'hubspec help %s' for details.\n", cmd.name, ue.msg, cmd.name, cmd.args, cmd.name)
		return exitInvalid
	case errors.Is(err, errInvalid):
		return exitInvalid
	case errors.Is(err, errFailed):
		return exitFailed
	}
	fmt.Fprintf(e.stderr, "hubspec %s: %v\n", cmd.name, err)
	return exitFailed
}

func writeUsage(w io.Writer) {
	var b strings.Builder
	b.WriteString("hubspec runs scenario tests of Azure IoT Hub cloud-to-device messaging.\n\nusage: hubspec COMMAND [ARGS]\n\ncommands:\n")
	for _, c := range commandTable() {
		fmt.Fprintf(&b, "  %-10s %s\n", c.name, c.summary)
	}
	b.WriteString("\nRun 'hubspec help COMMAND' for a command's details.\n")
	io.WriteString(w, b.String())
}

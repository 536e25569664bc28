// Package nodetest runs the Node.js scripts of test/node as peers of
// hubspec's Go tests: the official Azure IoT Node SDKs (test/node/sdk) and
// rhea, the AMQP library inside them (test/node/rhea). Each script prints one
// JSON verdict line last on stdout; Run returns it and Verdict.Check judges
// it.
//
// The peers are installed with `npm ci --prefix test/node`. Without them a
// test that needs them is skipped, or fails when the environment variable
// HUBSPEC_NODE_TESTS is "required" (as scripts/test.sh and CI set it), so
// that CI never passes by skipping.
package nodetest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// Timeout bounds one script run.
const Timeout = 2 * time.Minute

// RequiredEnv is the environment variable that, set to "required", turns a
// missing Node peer from a skip into a failure.
const RequiredEnv = "HUBSPEC_NODE_TESTS"

// Peers is an installed test/node: the node binary and the folder.
type Peers struct {
	Node string // the node executable
	Dir  string // the absolute path of test/node
}

// Require returns the Node peers when node is on PATH and module is
// installed under test/node/node_modules. Otherwise it skips t, or fails it
// when HUBSPEC_NODE_TESTS=required.
func Require(t testing.TB, module string) Peers {
	t.Helper()
	p, err := find(module)
	if err == nil {
		return p
	}
	msg := fmt.Sprintf("the Node test peers are missing (%v): run npm ci --prefix test/node (and install Node 20)", err)
	if os.Getenv(RequiredEnv) == "required" {
		t.Fatal(msg)
	}
	t.Skip(msg)
	return Peers{}
}

// find locates node and test/node with module installed.
func find(module string) (Peers, error) {
	node, err := exec.LookPath("node")
	if err != nil {
		return Peers{}, err
	}
	root, err := moduleRoot()
	if err != nil {
		return Peers{}, err
	}
	dir := filepath.Join(root, "test", "node")
	if _, err := os.Stat(filepath.Join(dir, "node_modules", module)); err != nil {
		return Peers{}, fmt.Errorf("module %s: %w", module, err)
	}
	return Peers{Node: node, Dir: dir}, nil
}

// moduleRoot is the nearest folder at or above the working directory (a
// test's package folder) that holds go.mod.
func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no go.mod above the working directory")
		}
		dir = parent
	}
}

// Run runs script (a path under test/node, such as "sdk/c2d.js") with env
// added to the process environment, and returns the verdict it printed. A
// script that prints no verdict within Timeout fails t, with its output.
func (p Peers) Run(t testing.TB, script string, env map[string]string) Verdict {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), Timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, p.Node, filepath.Join(p.Dir, script))
	cmd.Env = os.Environ()
	for k, v := range env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	runErr := cmd.Run()
	v, err := ParseVerdict(stdout.Bytes())
	if err != nil {
		t.Fatalf("node %s printed no verdict (%v; exit: %v)\nstdout:\n%s\nstderr:\n%s", script, err, runErr, stdout.String(), stderr.String())
	}
	v.Script, v.Exit, v.Stderr = script, runErr, stderr.String()
	return v
}

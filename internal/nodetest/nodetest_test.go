package nodetest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestRequireSkipsOrFailsWithoutTheModule(t *testing.T) {
	for _, tc := range []struct {
		env                  string
		wantSkip, wantFailed bool
	}{
		{"", true, false},
		{"required", false, true},
	} {
		t.Run("HUBSPEC_NODE_TESTS="+tc.env, func(t *testing.T) {
			t.Setenv(RequiredEnv, tc.env)
			r := &recorder{TB: t}
			r.run(func(tb testing.TB) {
				Require(tb, "no-such-module-of-hubspec")
				t.Error("Require returned without the module")
			})
			if r.skipped != tc.wantSkip || r.failed != tc.wantFailed {
				t.Fatalf("skipped %v, failed %v; want %v, %v", r.skipped, r.failed, tc.wantSkip, tc.wantFailed)
			}
			if msg := strings.Join(r.msgs, ""); !strings.Contains(msg, "npm ci --prefix test/node") || !strings.Contains(msg, "no-such-module-of-hubspec") {
				t.Errorf("message %q does not say what is missing and how to install it", msg)
			}
		})
	}
}

func TestRequireFindsTheInstalledPeers(t *testing.T) {
	p := Require(t, "rhea")
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	if p.Dir != filepath.Join(root, "test", "node") || filepath.Base(p.Node) != "node" {
		t.Errorf("peers %+v; want node and %s", p, filepath.Join(root, "test", "node"))
	}
}

// script writes a Node script into a folder of its own and returns peers
// that run it.
func script(t *testing.T, body string) Peers {
	t.Helper()
	p := Require(t, "rhea")
	p.Dir = t.TempDir()
	if err := os.WriteFile(filepath.Join(p.Dir, "s.js"), []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestRunReturnsTheVerdictWithTheEnvironment(t *testing.T) {
	p := script(t, `console.log('starting');
console.error('a warning');
console.log(JSON.stringify({ok: true, checks: [{name: 'env', ok: process.env.GREETING === 'hello', detail: process.env.GREETING}]}));`)
	v := p.Run(t, "s.js", map[string]string{"GREETING": "hello"})
	v.Check(t, "env")
	if v.Script != "s.js" || v.Stderr != "a warning\n" || v.Exit != nil {
		t.Errorf("script %q, stderr %q, exit %v", v.Script, v.Stderr, v.Exit)
	}
}

func TestRunKeepsTheExitOfAFailedScript(t *testing.T) {
	p := script(t, `console.log(JSON.stringify({ok: false, checks: [{name: 'a', ok: false, detail: 'nope'}]})); process.exit(1);`)
	v := p.Run(t, "s.js", nil)
	if v.Exit == nil || v.OK || len(v.Problems("a")) != 1 {
		t.Errorf("exit %v, verdict %+v; want exit status 1 and the failed check", v.Exit, v)
	}
}

func TestRunFailsWithoutAVerdict(t *testing.T) {
	p := script(t, `console.log('no verdict'); throw new Error('boom');`)
	r := &recorder{TB: t}
	r.run(func(tb testing.TB) {
		p.Run(tb, "s.js", nil)
		t.Error("Run returned without a verdict")
	})
	msg := strings.Join(r.msgs, "")
	if !r.failed || !strings.Contains(msg, "printed no verdict") || !strings.Contains(msg, "Error: boom") || !strings.Contains(msg, "exit status 1") {
		t.Errorf("failed %v, message %q; want the failure with the exit and stderr", r.failed, msg)
	}
}

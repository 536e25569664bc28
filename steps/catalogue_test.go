package steps

import (
	"regexp"
	"slices"
	"strings"
	"testing"
)

// samples are values for each placeholder, as users write them.
var samples = map[string][]string{
	"devices":   {`device "d-1"`, `group "g"`, `every device`, `all devices`},
	"id":        {`"x-{n}"`},
	"name":      {`"m"`},
	"text":      {`"t-{run}"`},
	"n":         {`3`, `${N}`},
	"count":     {`3`, `no`, `a`, `at least 2`, `2 to 5`, `${N}`},
	"duration":  {`5s`},
	"state":     {`online`, `offline`},
	"transport": {`MQTT`, `amqp`},
	"settles":   {`rejects`, `abandons, abandons, then completes`},
	"settled":   {`completed`, `ignored`},
	"message":   {`a message`, `message "m"`, `3 messages`, `3 messages "m"`},
	"messages":  {`message "m"`, `every message`},
	"order":     {`this order`, `the order listed`, `the order they were sent`, `any order`},
	"ack":       {`full`},
	"status":    {`Success`, `no`},
	"outcome":   {`DeviceNotFound`},
	"setting":   {`maxDeliveryCount`, `emulator.lockDuration`},
	"value":     {`5`, `PT1H`},
	"reason":    {`the lock expires`},
}

// TestEveryWordingMatchesOnlyItsStep writes each phrase every way it can be written
// (each optional part in and out, each alternative, sample values) and checks that
// exactly its own definition matches: the catalogue has no ambiguous step.
func TestEveryWordingMatchesOnlyItsStep(t *testing.T) {
	total := 0
	for _, def := range catalogue {
		for _, text := range wordings(t, def.Phrase) {
			total++
			for _, variant := range []string{text, text + ":"} {
				var matched []string
				for _, other := range catalogue {
					if other.re.MatchString(variant) {
						matched = append(matched, other.Phrase)
					}
				}
				if len(matched) != 1 || matched[0] != def.Phrase {
					t.Errorf("%q matches %q, want only %q", variant, matched, def.Phrase)
				}
			}
		}
	}
	if total < 2*len(catalogue) {
		t.Errorf("only %d wordings for %d definitions: the generator is broken", total, len(catalogue))
	}
}

// TestExamples: each example is written the way its phrase says, matches no other
// step, and takes the argument its definition takes.
func TestExamples(t *testing.T) {
	for _, def := range catalogue {
		text := exampleStep(def.Example)
		if !def.re.MatchString(text) {
			t.Errorf("the example %q does not match its phrase %q", text, def.Phrase)
		}
		for _, other := range catalogue {
			if other != def && other.re.MatchString(text) {
				t.Errorf("the example %q of %q also matches %q", text, def.Phrase, other.Phrase)
			}
		}
		hasTable := strings.Contains(def.Example, "\n  |")
		hasDoc := strings.Contains(def.Example, `"""`)
		wantTable := def.Argument == Table || def.Argument == OptionalTable
		if hasTable != wantTable && !(def.Argument == OptionalTable && !hasTable) || hasDoc != (def.Argument == DocString) {
			t.Errorf("the example of %q: table %v, doc string %v; the step takes %v", def.Phrase, hasTable, hasDoc, def.Argument)
		}
		if def.Description == "" || def.Section == "" || def.build == nil {
			t.Errorf("%q lacks a description, a section or a build function", def.Phrase)
		}
	}
}

// TestPlaceholders: every placeholder is used, captures exactly one argument, and no
// phrase uses one twice (arguments are found by placeholder name).
func TestPlaceholders(t *testing.T) {
	used := map[string]bool{}
	for _, def := range catalogue {
		seen := map[string]bool{}
		for _, n := range def.names {
			if seen[n] {
				t.Errorf("%q uses {%s} twice", def.Phrase, n)
			}
			seen[n], used[n] = true, true
		}
		if def.re.NumSubexp() != len(def.names) {
			t.Errorf("%q: %d captures for %d placeholders", def.Phrase, def.re.NumSubexp(), len(def.names))
		}
	}
	for _, p := range placeholders {
		if !used[p.name] {
			t.Errorf("placeholder {%s} is used by no phrase", p.name)
		}
		if n := regexp.MustCompile(p.pattern).NumSubexp(); n != 1 {
			t.Errorf("placeholder {%s} captures %d groups, want 1", p.name, n)
		}
		if len(samples[p.name]) == 0 {
			t.Errorf("placeholder {%s} has no sample in this test", p.name)
		}
	}
}

func TestCompilePhraseRefusesMalformedPhrases(t *testing.T) {
	for phrase, want := range map[string]string{
		`device {id`:           "{ without }",
		`device {nope}`:        "unknown placeholder {nope}",
		`device (a|b`:          "( without )",
		`device [with`:         "[ without ]",
		`device with]`:         "] without [",
		`a [b [c] d] {id} end`: "",
	} {
		_, _, err := compilePhrase(phrase)
		switch {
		case want == "" && err != nil:
			t.Errorf("compilePhrase(%q) = %v, want no error", phrase, err)
		case want != "" && (err == nil || !strings.Contains(err.Error(), want)):
			t.Errorf("compilePhrase(%q) = %v, want an error containing %q", phrase, err, want)
		}
	}
}

func TestCompilePhrase(t *testing.T) {
	re, names, err := compilePhrase(`a[n] [{state} ]device {id}[ that (is|was) here]`)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(names, []string{"state", "id"}) {
		t.Errorf("names = %v", names)
	}
	for text, want := range map[string]bool{
		`a device "x"`:                  true,
		`an offline device "x"`:         true,
		`a device "x" that was here`:    true,
		`a device "x" that was here:`:   true,
		`a device "x" that were here`:   false,
		`a device "x" extra`:            false,
		`and a device "x"`:              false,
		`a device "x" that is here too`: false,
		`a device x`:                    false,
	} {
		if got := re.MatchString(text); got != want {
			t.Errorf("%q matched %v, want %v (pattern %s)", text, got, want, re)
		}
	}
}

// wordings writes phrase in every way it allows, with the sample values.
func wordings(t *testing.T, phrase string) []string {
	t.Helper()
	out, rest := expandSeq(t, phrase)
	if rest != "" {
		t.Fatalf("phrase %q: unbalanced at %q", phrase, rest)
	}
	return out
}

// expandSeq expands a sequence until the end or an unmatched ']', returning what is
// left after it.
func expandSeq(t *testing.T, s string) ([]string, string) {
	texts := []string{""}
	for s != "" && s[0] != ']' {
		var parts []string
		switch s[0] {
		case '{':
			end := strings.IndexByte(s, '}')
			parts, s = samples[s[1:end]], s[end+1:]
		case '(':
			end := strings.IndexByte(s, ')')
			parts, s = strings.Split(s[1:end], "|"), s[end+1:]
		case '[':
			inner, rest := expandSeq(t, s[1:])
			parts, s = append([]string{""}, inner...), strings.TrimPrefix(rest, "]")
		default:
			n := strings.IndexAny(s, "{([]")
			if n < 0 {
				n = len(s)
			}
			parts, s = []string{s[:n]}, s[n:]
		}
		texts = product(texts, parts)
	}
	return texts, s
}

func product(prefixes, parts []string) []string {
	var out []string
	for _, p := range prefixes {
		for _, q := range parts {
			out = append(out, p+q)
		}
	}
	return out
}

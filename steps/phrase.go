package steps

import (
	"fmt"
	"regexp"
	"strings"
)

// A phrase is how a step is written, in the catalogue's own small notation, from which
// both the regular expression godog matches and the documentation are made:
//
//	{devices}      a placeholder: one argument, described in the placeholder table
//	[ within …]    an optional part
//	(a|b)          alternative wordings of the same thing
//
// Everything else is literal text. A step may end with a colon (before its data table
// or doc string) whether or not the phrase shows one.

// placeholder is one kind of argument a phrase can take.
type placeholder struct {
	name    string
	pattern string // a regular expression with exactly one capturing group
	doc     string // what a user may write, for `hubspec steps` and docs/steps.md
	sample  string // a value, for suggestions: what a phrase reads like at its shortest
}

// num is a whole number, or a ${VARIABLE} that holds one.
const num = `(?:\d+|\$\{\w+\})`

// token is one word of a value: no spaces, no quotes, no colon or comma (so a step's
// trailing colon, or a comma after a value, is never taken for part of it).
const token = `[^\s":,]+`

// disposition verbs, as a device's behaviour says them.
const settleVerb = `(?:completes|rejects|abandons|ignores)`

// placeholders lists every placeholder, in the order docs show them.
var placeholders = []placeholder{
	{"devices", `((?:device|group) "[^"]*"|every device|all devices)`,
		`which devices: ` + "`device \"ID\"`, `group \"NAME\"` (each device of the group), `every device` or `all devices`", "device \"d\""},
	{"id", `"([^"]*)"`, `a device id in double quotes; a group's ids use {n}, its number from 1: ` + "`\"thermostat-{n}\"`", "\"d\""},
	{"name", `"([^"]*)"`, `a name in double quotes: a group's, a message's (for later steps) or a variable's`, "\"m\""},
	{"text", `"([^"]*)"`, `text in double quotes; message ids are [templates](scenarios.md#templates)`, "\"t\""},
	{"n", `(` + num + `)`, `a whole number: ` + "`3`", "3"},
	{"count", `(no|none|an?|one|(?:at least |at most |exactly )?` + num + `|` + num + ` to ` + num + `)`,
		`how many: ` + "`3` (exactly), `no`, `a` (at least one), `at least 3`, `at most 3`, `2 to 5`", "1"},
	{"duration", `(` + token + `)`, `a Go duration: ` + "`250ms`, `5s`, `1m30s`", "5s"},
	{"state", `(online|offline)`, "`online` (the default: connected from the start) or `offline` (until a connect step)", "offline"},
	{"transport", `(AMQP|MQTT|amqp|mqtt)`, "`AMQP` (the default) or `MQTT` (a device that completes by PUBACK and cannot reject or abandon)", "MQTT"},
	{"settles", `(` + settleVerb + `(?:(?:,| and| then|, then|, and) ` + settleVerb + `)*)`,
		"how each delivery of a message is settled: `completes`, `rejects`, `abandons`, `ignores`, or a sequence such as `abandons, abandons, then completes` (the first delivery is abandoned, the second too, then it is completed; the last repeats)", "completes"},
	{"settled", `(completed|rejected|abandoned|ignored)`, "`completed`, `rejected`, `abandoned` or `ignored` (deliveries whose lock expired unsettled)", "completed"},
	{"message", `(a message|message "[^"]*"|` + num + ` messages(?: "[^"]*")?)`,
		"what is sent, per device: `a message`, `message \"NAME\"` (one message, named for later steps), `3 messages` or `3 messages \"NAME\"`", "message \"m\""},
	{"messages", `((?:message|messages) "[^"]*"|every message|all messages)`,
		"sent messages: `message \"NAME\"` (those of the send named NAME), or `every message` sent before the step", "message \"m\""},
	{"order", `(this order|the order listed|the order they were sent|any order)`,
		"`the order they were sent`, `this order` (the table's), or `any order` (the default)", "this order"},
	{"ack", `(` + token + `)`, "the feedback asked for: `none`, `positive` (Success), `negative` (the failures) or `full` (both)", "full"},
	{"status", `(` + token + `)`, "a feedback status: `Success`, `Expired`, `DeliveryCountExceeded`, `Rejected`, `Purged`, or `no`", "Success"},
	{"outcome", `(` + token + `)`, "how the hub answers a send: `Accepted`, `DeviceNotFound`, `DeviceMaximumQueueDepthExceeded`, `MessageTooLarge`, `Throttled` or `Unauthorized`", "DeviceNotFound"},
	{"setting", `([\w.]+)`, "a hub setting, named as in [the YAML hub block](scenarios.md#hub-settings): `maxDeliveryCount`, `feedback.ttlAsIso8601`, `emulator.lockDuration`, …", "maxDeliveryCount"},
	{"value", `(` + token + `)`, "a value: `5`, `PT1H`, `1s`, `${maxDeliveryCount}`", "5"},
	{"reason", `(.+)`, "why time itself must pass, in words", "the lock expires"},
}

func findPlaceholder(name string) (placeholder, bool) {
	for _, p := range placeholders {
		if p.name == name {
			return p, true
		}
	}
	return placeholder{}, false
}

// compilePhrase turns a phrase into the anchored regular expression godog matches,
// and returns the names of its placeholders in order (one capture each).
func compilePhrase(phrase string) (*regexp.Regexp, []string, error) {
	var re strings.Builder
	var names []string
	re.WriteString("^")
	depth := 0
	for rest := phrase; rest != ""; {
		switch rest[0] {
		case '{':
			end := strings.IndexByte(rest, '}')
			if end < 0 {
				return nil, nil, fmt.Errorf("phrase %q: { without }", phrase)
			}
			p, ok := findPlaceholder(rest[1:end])
			if !ok {
				return nil, nil, fmt.Errorf("phrase %q: unknown placeholder {%s}", phrase, rest[1:end])
			}
			re.WriteString(p.pattern)
			names = append(names, p.name)
			rest = rest[end+1:]
		case '(':
			end := strings.IndexByte(rest, ')')
			if end < 0 {
				return nil, nil, fmt.Errorf("phrase %q: ( without )", phrase)
			}
			re.WriteString(alternatives(rest[1:end]))
			rest = rest[end+1:]
		case '[':
			depth++
			re.WriteString("(?:")
			rest = rest[1:]
		case ']':
			if depth--; depth < 0 {
				return nil, nil, fmt.Errorf("phrase %q: ] without [", phrase)
			}
			re.WriteString(")?")
			rest = rest[1:]
		default:
			n := strings.IndexAny(rest, "{([]")
			if n < 0 {
				n = len(rest)
			}
			re.WriteString(regexp.QuoteMeta(rest[:n]))
			rest = rest[n:]
		}
	}
	if depth != 0 {
		return nil, nil, fmt.Errorf("phrase %q: [ without ]", phrase)
	}
	re.WriteString(":?$")
	compiled, err := regexp.Compile(re.String())
	if err != nil {
		return nil, nil, fmt.Errorf("phrase %q: %w", phrase, err)
	}
	return compiled, names, nil
}

// alternatives compiles "a|b|c" to a group that matches any of the literal texts.
func alternatives(s string) string {
	parts := strings.Split(s, "|")
	for i, p := range parts {
		parts[i] = regexp.QuoteMeta(p)
	}
	return "(?:" + strings.Join(parts, "|") + ")"
}

// shortest writes a phrase at its shortest, with sample values: optional parts left
// out, the first of each alternative. Suggestions compare a mistyped step with it.
func shortest(phrase string) string {
	var b strings.Builder
	depth := 0
	for rest := phrase; rest != ""; {
		end := len(rest)
		switch rest[0] {
		case '[':
			depth++
			end = 1
		case ']':
			depth--
			end = 1
		case '{':
			end = strings.IndexByte(rest, '}') + 1
			if p, ok := findPlaceholder(rest[1 : end-1]); ok && depth == 0 {
				b.WriteString(p.sample)
			}
		case '(':
			end = strings.IndexByte(rest, ')') + 1
			if depth == 0 {
				first, _, _ := strings.Cut(rest[1:end-1], "|")
				b.WriteString(first)
			}
		default:
			if n := strings.IndexAny(rest, "{([]"); n >= 0 {
				end = n
			}
			if depth == 0 {
				b.WriteString(rest[:end])
			}
		}
		rest = rest[end:]
	}
	return b.String()
}

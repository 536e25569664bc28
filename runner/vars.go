package runner

import (
	"fmt"
	"strings"
)

// Variables resolves ${NAME} references in a spec. A name is looked up in Overrides
// (--var k=v) first, then in the environment, then in the scenario's own Defaults
// (its vars block). "$${" stands for a literal "${".
type Variables struct {
	Overrides map[string]string
	Env       func(name string) (string, bool) // os.LookupEnv, or nil for none
	Defaults  map[string]string
	// Seen, when not nil, records the value of each name Expand resolves.
	Seen map[string]string
}

// Lookup returns the value of name and whether it is set anywhere.
func (v Variables) Lookup(name string) (string, bool) {
	if val, ok := v.Overrides[name]; ok {
		return val, true
	}
	if v.Env != nil {
		if val, ok := v.Env(name); ok {
			return val, true
		}
	}
	val, ok := v.Defaults[name]
	return val, ok
}

// Expand replaces each ${NAME} in s. It fails on a malformed reference or an undefined
// name; the error names the variable, never its value.
func (v Variables) Expand(s string) (string, error) {
	if !strings.Contains(s, "$") {
		return s, nil
	}
	var b strings.Builder
	for {
		i := strings.Index(s, "${")
		if i < 0 {
			b.WriteString(s)
			return b.String(), nil
		}
		if i > 0 && s[i-1] == '$' {
			b.WriteString(s[:i-1])
			b.WriteString("${")
			s = s[i+2:]
			continue
		}
		b.WriteString(s[:i])
		rest, err := v.expandOne(&b, s[i+2:])
		if err != nil {
			return "", err
		}
		s = rest
	}
}

// expandOne writes the value of the reference at the start of s (after "${") and
// returns what follows it.
func (v Variables) expandOne(b *strings.Builder, s string) (string, error) {
	end := strings.IndexByte(s, '}')
	if end < 0 {
		return "", fmt.Errorf("unclosed ${ (write $${ for a literal ${)")
	}
	name := s[:end]
	if !ValidVarName(name) {
		return "", fmt.Errorf("${%s}: a variable name is letters, digits and _, not starting with a digit", name)
	}
	val, ok := v.Lookup(name)
	if ok && v.Seen != nil {
		v.Seen[name] = val
	}
	if !ok {
		return "", fmt.Errorf("undefined variable ${%s} (set it with --var %s=…, in the environment, or in the scenario's vars)", name, name)
	}
	b.WriteString(val)
	return s[end+1:], nil
}

// ValidVarName reports whether name can be a variable's name.
func ValidVarName(name string) bool {
	if name == "" || name[0] >= '0' && name[0] <= '9' {
		return false
	}
	for _, c := range name {
		if !(c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}

// ParseVarFlag splits a --var argument "NAME=VALUE".
func ParseVarFlag(arg string) (name, value string, err error) {
	name, value, ok := strings.Cut(arg, "=")
	if !ok {
		return "", "", fmt.Errorf("--var wants NAME=VALUE")
	}
	if !ValidVarName(name) {
		return "", "", fmt.Errorf("--var %q: a variable name is letters, digits and _, not starting with a digit", name)
	}
	return name, value, nil
}

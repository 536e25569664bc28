package runner

import (
	"fmt"
	"slices"
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

// ParseTemplate expands the variables in written, a template as the user wrote it, and
// parses the result, allowing the named placeholders. Its errors quote written and
// name variables, never a value, for a variable may hold a secret: a mistake in what
// was written is explained in its terms (template "m-${P}-{x}": unknown placeholder
// {x}), and braces that come from a variable's value name that variable.
func (v Variables) ParseTemplate(written string, allowed []string) (Template, error) {
	expanded, err := v.Expand(written)
	if err != nil {
		return Template{}, err
	}
	t, err := ParseTemplate(expanded, allowed)
	if err == nil || expanded == written {
		return t, err
	}
	reason := v.braceReason(written)
	if _, ownErr := ParseTemplate(blanked(written), allowed); ownErr != nil {
		reason = ownErr.(*TemplateError).Reason
	}
	return Template{}, &TemplateError{Text: written, Reason: reason}
}

// braceReason explains why written is no template once its variables are expanded,
// although it is one without them: the variables whose values hold a brace, or else
// a variable inside a placeholder's braces.
func (v Variables) braceReason(written string) string {
	var braced, all []string
	for _, name := range VarRefs(written) {
		all = append(all, "${"+name+"}")
		if val, _ := v.Lookup(name); strings.ContainsAny(val, "{}") {
			braced = append(braced, "${"+name+"}")
		}
	}
	if len(braced) == 0 {
		return fmt.Sprintf("not valid once %s is expanded: a variable inside { } becomes part of a placeholder's name", strings.Join(all, " and "))
	}
	return fmt.Sprintf("the value of %s holds a brace, which a template reads as a placeholder (write {{ or }} in the value for a literal brace)", strings.Join(braced, " and of "))
}

// blanked is written with every variable reference left empty: what the user wrote
// without the values.
func blanked(written string) string {
	s, _ := Variables{Env: func(string) (string, bool) { return "", true }}.Expand(written)
	return s
}

// VarRefs lists the names of the variables written refers to with ${NAME}, in order,
// each once. "$${" is a literal "${", not a reference.
func VarRefs(written string) []string {
	var names []string
	for s := written; ; {
		i := strings.Index(s, "${")
		if i < 0 {
			return names
		}
		end := strings.IndexByte(s[i:], '}')
		if end < 0 {
			return names
		}
		if name := s[i+2 : i+end]; (i == 0 || s[i-1] != '$') && ValidVarName(name) && !slices.Contains(names, name) {
			names = append(names, name)
		}
		s = s[i+end+1:]
	}
}

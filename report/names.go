package report

import (
	"fmt"
	"path"
	"strings"
)

// Classname derives a JUnit classname from a spec's path: the path without its extension,
// folders joined by dots ("features/feedback.feature" → "features.feedback"). Dots inside a
// folder or file name become underscores so readers that split at the last dot find the
// file name; "." and ".." are dropped. It is never empty.
func Classname(file string) string {
	p := path.Clean(strings.ReplaceAll(file, `\`, "/"))
	p = strings.TrimSuffix(p, path.Ext(p))
	var parts []string
	for seg := range strings.SplitSeq(p, "/") {
		if seg == "" || seg == "." || seg == ".." {
			continue
		}
		parts = append(parts, strings.ReplaceAll(seg, ".", "_"))
	}
	if len(parts) == 0 {
		return "hubspec"
	}
	return strings.Join(parts, ".")
}

// uniqueNames makes every classname+name pair in run unique, in report order, because
// GitLab keeps only the first of duplicates. A repeated name gets its line, then a number.
func uniqueNames(run *Run) {
	seen := make(map[string]bool)
	for si := range run.Suites {
		class := Classname(run.Suites[si].File)
		for ci := range run.Suites[si].Cases {
			c := &run.Suites[si].Cases[ci]
			c.Name = unique(seen, class, c)
		}
	}
}

// unique returns a name for c not yet in seen within class, and records it.
func unique(seen map[string]bool, class string, c *Case) string {
	name := c.Name
	if name == "" {
		name = fmt.Sprintf("scenario at line %d", c.Line)
	}
	candidates := []string{name, fmt.Sprintf("%s (line %d)", name, c.Line)}
	for _, n := range candidates {
		if !seen[class+"\x00"+n] {
			seen[class+"\x00"+n] = true
			return n
		}
	}
	for i := 2; ; i++ {
		n := fmt.Sprintf("%s (line %d) #%d", name, c.Line, i)
		if !seen[class+"\x00"+n] {
			seen[class+"\x00"+n] = true
			return n
		}
	}
}

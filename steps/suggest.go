package steps

import (
	"fmt"
	"regexp"
	"strings"
)

// distance is the Levenshtein distance between a and b, in runes.
func distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			sub := prev[j-1]
			if ra[i-1] != rb[j-1] {
				sub++
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, sub)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// suggestWord returns ` (did you mean "x"?)` for the candidate closest to word, or ""
// when none is close enough to be a likely slip.
func suggestWord(word string, candidates []string) string {
	best, bestDist := "", -1
	for _, c := range candidates {
		if d := distance(strings.ToLower(word), strings.ToLower(c)); bestDist < 0 || d < bestDist {
			best, bestDist = c, d
		}
	}
	if bestDist < 0 || bestDist > max(2, len(word)/3) {
		return ""
	}
	return fmt.Sprintf(" (did you mean %q?)", best)
}

// quoted and number are what differs between one use of a step and another; they are
// blanked out before steps are compared.
var (
	quoted = regexp.MustCompile(`"[^"]*"`)
	number = regexp.MustCompile(`\b\d+\w*`)
)

// shape is a step's text without its particular values, for comparing wordings.
func shape(text string) string {
	return number.ReplaceAllString(quoted.ReplaceAllString(strings.ToLower(text), `""`), "0")
}

// closest finds the definition worded most like text, at its shortest or as its
// example has it, and whether it is close enough to suggest: values (quoted text,
// numbers) do not count, and at most a third of the step may differ.
func closest(defs []*Definition, text string) (*Definition, bool) {
	want := shape(text)
	var best *Definition
	bestDist := -1
	for _, def := range defs {
		d := min(distance(want, shape(def.shortest)), distance(want, shape(exampleStep(def.Example))))
		if bestDist < 0 || d < bestDist {
			best, bestDist = def, d
		}
	}
	return best, best != nil && bestDist <= max(3, len(want)/3)
}

// exampleStep is the text of an example's first line without its keyword: what godog
// matches.
func exampleStep(example string) string {
	line, _, _ := strings.Cut(example, "\n")
	line = strings.TrimSpace(line)
	for _, kw := range []string{"Given ", "When ", "Then ", "And ", "But ", "* "} {
		if rest, ok := strings.CutPrefix(line, kw); ok {
			return rest
		}
	}
	return line
}

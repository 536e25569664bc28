package steps

import (
	"fmt"
	"regexp"
	"strings"
)

// distance is the Levenshtein distance between a and b, in runes.
func distance(a, b string) int {
	return levenshtein([]rune(a), []rune(b), func(x, y rune) bool { return x == y })
}

// levenshtein is the edit distance between two sequences whose elements same
// compares.
func levenshtein[T any](a, b []T, same func(T, T) bool) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			sub := prev[j-1]
			if !same(a[i-1], b[j-1]) {
				sub++
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, sub)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
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

// closest finds the definition worded most like text, at its shortest, at its
// longest or as its example has it, and whether it is close enough to suggest. Steps
// are compared word by word, a misspelt word counting as the word, and values (quoted
// text, numbers) left out; at most two words, or a third of them, may differ. Ties
// go to the closer spelling.
func closest(defs []*Definition, text string) (*Definition, bool) {
	want := shape(text)
	wantWords := wording(want)
	var best *Definition
	bestWords, bestChars := -1, -1
	for _, def := range defs {
		for _, form := range []string{shape(def.shortest), shape(longest(def.Phrase)), shape(exampleStep(def.Example))} {
			w, c := wordDistance(wantWords, wording(form)), distance(want, form)
			if bestWords < 0 || w < bestWords || w == bestWords && c < bestChars {
				best, bestWords, bestChars = def, w, c
			}
		}
	}
	return best, best != nil && bestWords <= max(2, len(wantWords)/3)
}

// wording is a shaped step's words without its values.
func wording(shaped string) []string {
	var words []string
	for _, w := range strings.Fields(shaped) {
		w = strings.Trim(w, ",:")
		if w != `""` && w != "0" && w != "" {
			words = append(words, w)
		}
	}
	return words
}

// longest writes a phrase with every optional part, the first of each choice and a
// blank value for each parameter.
func longest(phrase string) string {
	s := strings.NewReplacer("[", "", "]", "").Replace(phrase)
	s = choice.ReplaceAllStringFunc(s, func(m string) string {
		first, _, _ := strings.Cut(m[1:len(m)-1], "|")
		return first
	})
	return param.ReplaceAllString(s, `""`)
}

var (
	choice = regexp.MustCompile(`\([^()]*\)`)
	param  = regexp.MustCompile(`\{[^{}]*\}`)
)

// wordDistance is the Levenshtein distance between two wordings in words, where
// a word and its slip (one edit in four letters) are the same word.
func wordDistance(a, b []string) int {
	return levenshtein(a, b, sameWord)
}

// sameWord says whether a and b are one word, allowing a slip of one edit in every
// four letters.
func sameWord(a, b string) bool {
	return a == b || distance(a, b) <= max(1, len([]rune(a))/4) && len(a) > 2 && len(b) > 2
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

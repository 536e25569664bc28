package scenario

import (
	"fmt"
	"strings"
)

// synonyms are words users bring from other tools, each with the keys or steps
// hubspec has for the same thing, most likely first. They are not typos, so no
// edit distance finds them.
var synonyms = map[string][]string{
	"to":          {"device", "group", "all"},
	"target":      {"device", "group", "all"},
	"name":        {"scenario", "id"},
	"title":       {"scenario"},
	"devices":     {"fleet", "device", "group"},
	"expect":      {"receives"},
	"receive":     {"receives"},
	"action":      {"settle"},
	"behavior":    {"settle"},
	"payload":     {"body"},
	"data":        {"body"},
	"timeout":     {"within", "for"},
	"expiresin":   {"ttl"},
	"expiry_time": {"expiry"},
	"expect_send": {"sendOutcomes"},
}

// didYouMean returns ` (did you mean "x"?)` for the synonym of word among the
// candidates, or the candidate closest to word, or an empty string when none is
// close enough to be a likely typo.
func didYouMean(word string, candidates []string) string {
	for _, syn := range synonyms[strings.ToLower(word)] {
		for _, c := range candidates {
			if c == syn && c != word {
				return fmt.Sprintf(" (did you mean %q?)", c)
			}
		}
	}
	best, bestDist := "", -1
	for _, c := range candidates {
		d := editDistance(strings.ToLower(word), strings.ToLower(c))
		if bestDist < 0 || d < bestDist {
			best, bestDist = c, d
		}
	}
	if bestDist < 0 || bestDist > max(2, len(word)/3) {
		return ""
	}
	return fmt.Sprintf(" (did you mean %q?)", best)
}

// editDistance is the optimal string alignment distance between a and b, in bytes:
// insertions, deletions, substitutions and swaps of two neighbours ("recieve") each
// cost one.
func editDistance(a, b string) int {
	rows := make([][]int, len(a)+1)
	for i := range rows {
		rows[i] = make([]int, len(b)+1)
		rows[i][0] = i
	}
	for j := range rows[0] {
		rows[0][j] = j
	}
	for i := 1; i <= len(a); i++ {
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			rows[i][j] = min(rows[i-1][j]+1, rows[i][j-1]+1, rows[i-1][j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				rows[i][j] = min(rows[i][j], rows[i-2][j-2]+1)
			}
		}
	}
	return rows[len(a)][len(b)]
}

package runner

// matchEntries pairs each of n entries with a different one of m candidates, where
// ok(entry, candidate) says which pairs may go together, and returns an entry left
// without a candidate in a largest pairing, or -1 when every entry has one. It finds
// augmenting paths (Kuhn's algorithm): the lists of a receives step are short.
func matchEntries(n, m int, ok func(entry, candidate int) bool) int {
	owner := make([]int, m) // candidate → entry+1; 0 for free
	for e := 0; e < n; e++ {
		seen := make([]bool, m)
		if !augment(e, m, ok, owner, seen) {
			return e
		}
	}
	return -1
}

// augment looks for a candidate for entry e, moving earlier entries to other candidates
// where that frees one.
func augment(e, m int, ok func(int, int) bool, owner []int, seen []bool) bool {
	for c := 0; c < m; c++ {
		if seen[c] || !ok(e, c) {
			continue
		}
		seen[c] = true
		if owner[c] == 0 || augment(owner[c]-1, m, ok, owner, seen) {
			owner[c] = e + 1
			return true
		}
	}
	return false
}

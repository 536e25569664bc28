package runner

import (
	"fmt"
	"strconv"
	"strings"
)

// Shard is one of Count deterministic parts of a run, for splitting a suite across
// machines that each run one part: a CI matrix, Kubernetes Indexed Jobs. Index counts
// from 1. The zero Shard is the whole run.
type Shard struct {
	Index, Count int
}

// ParseShard reads a shard written as K/N, such as 2/4: the second of four parts.
func ParseShard(s string) (Shard, error) {
	k, n, ok := strings.Cut(s, "/")
	index, errK := strconv.Atoi(strings.TrimSpace(k))
	count, errN := strconv.Atoi(strings.TrimSpace(n))
	switch {
	case !ok || errK != nil || errN != nil:
		return Shard{}, fmt.Errorf("shard %q: want K/N, such as 2/4 (the second of four parts)", s)
	case count < 1 || index < 1 || index > count:
		return Shard{}, fmt.Errorf("shard %q: want 1 ≤ K ≤ N", s)
	}
	return Shard{Index: index, Count: count}, nil
}

// String writes the shard as K/N.
func (sh Shard) String() string { return fmt.Sprintf("%d/%d", sh.Index, sh.Count) }

// Select keeps this shard's scenarios and drops the suites it leaves empty. The
// scenarios of the run are dealt out in turn, counting across the suites in the order
// given: the first to shard 1, the second to shard 2, and so on, so every machine
// given the same files and the same N runs a disjoint part and together they run
// each scenario once. Tags are applied afterwards, to the scenarios kept.
func (sh Shard) Select(suites []Suite) []Suite {
	if sh.Count <= 1 {
		return suites
	}
	var kept []Suite
	i := 0
	for _, s := range suites {
		var mine []*Scenario
		for _, sc := range s.Scenarios {
			if i%sh.Count == sh.Index-1 {
				mine = append(mine, sc)
			}
			i++
		}
		if len(mine) > 0 {
			kept = append(kept, Suite{File: s.File, Scenarios: mine})
		}
	}
	return kept
}

// CountScenarios is how many scenarios the suites hold.
func CountScenarios(suites []Suite) int {
	n := 0
	for _, s := range suites {
		n += len(s.Scenarios)
	}
	return n
}

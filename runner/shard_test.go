package runner

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

func TestParseShard(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want Shard
		err  string
	}{
		{"1/1", Shard{1, 1}, ""},
		{"2/4", Shard{2, 4}, ""},
		{" 3 / 3 ", Shard{3, 3}, ""},
		{"0/4", Shard{}, "want 1 ≤ K ≤ N"},
		{"5/4", Shard{}, "want 1 ≤ K ≤ N"},
		{"1/0", Shard{}, "want 1 ≤ K ≤ N"},
		{"2", Shard{}, "want K/N"},
		{"a/b", Shard{}, "want K/N"},
		{"", Shard{}, "want K/N"},
	} {
		got, err := ParseShard(tc.in)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("ParseShard(%q) = %v, %v; want an error with %q", tc.in, got, err, tc.err)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("ParseShard(%q) = %v, %v; want %v", tc.in, got, err, tc.want)
		}
	}
}

// The shards of a run are disjoint, together hold every scenario once, keep the
// order of files and scenarios, differ in size by at most one, and drop the files
// they leave empty (one shard is the run as it is).
func TestShardsPartitionTheRun(t *testing.T) {
	var suites []Suite
	total := 0
	for f, n := range []int{3, 1, 0, 5, 2} {
		s := Suite{File: fmt.Sprintf("f%d.yaml", f)}
		for k := range n {
			s.Scenarios = append(s.Scenarios, &Scenario{Name: fmt.Sprintf("f%d-s%d", f, k)})
		}
		suites = append(suites, s)
		total += n
	}
	all := names(suites)
	for count := 1; count <= total+1; count++ {
		var union []string
		sizes := map[int]bool{}
		for index := 1; index <= count; index++ {
			part := Shard{index, count}.Select(suites)
			for _, s := range part {
				if count > 1 && len(s.Scenarios) == 0 {
					t.Errorf("shard %d/%d keeps the empty suite %s", index, count, s.File)
				}
			}
			got := names(part)
			if !isSubsequence(got, all) {
				t.Errorf("shard %d/%d = %v: not in the run's order", index, count, got)
			}
			sizes[len(got)] = true
			union = append(union, got...)
		}
		slices.Sort(union)
		want := slices.Sorted(slices.Values(all))
		if !slices.Equal(union, want) {
			t.Errorf("%d shards together run %v; want each of %v once", count, union, want)
		}
		if len(sizes) > 2 {
			t.Errorf("%d shards have sizes %v; want them within one of each other", count, sizes)
		}
	}
	if got := names(Shard{}.Select(suites)); !slices.Equal(got, all) {
		t.Errorf("the zero shard keeps %v; want the whole run", got)
	}
}

func names(suites []Suite) []string {
	var out []string
	for _, s := range suites {
		for _, sc := range s.Scenarios {
			out = append(out, sc.Name)
		}
	}
	return out
}

func isSubsequence(sub, of []string) bool {
	i := 0
	for _, s := range of {
		if i < len(sub) && sub[i] == s {
			i++
		}
	}
	return i == len(sub)
}

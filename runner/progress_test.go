package runner

import (
	"fmt"
	"sync"
	"testing"
)

func TestMeterReportsForwardOnly(t *testing.T) {
	var got []string
	m := &meter{label: "sending", total: 200, report: func(label string, done, total int) {
		got = append(got, fmt.Sprintf("%s %d/%d", label, done, total))
	}}
	for _, n := range []int{10, 10, 5, 150, 300} {
		m.at(n)
	}
	if want := "[sending 10/200 sending 150/200 sending 200/200]"; fmt.Sprint(got) != want {
		t.Errorf("reports %v, want %s", got, want)
	}
}

func TestMeterAddReachesTheTotal(t *testing.T) {
	var mu sync.Mutex
	last := 0
	m := &meter{label: "connecting", total: 1000, report: func(_ string, done, _ int) {
		mu.Lock()
		last = max(last, done)
		mu.Unlock()
	}}
	var wg sync.WaitGroup
	for range 1000 {
		wg.Add(1)
		go func() { defer wg.Done(); m.add() }()
	}
	wg.Wait()
	if last != 1000 {
		t.Errorf("the last report is %d/1000: concurrent adds were lost", last)
	}
}

func TestMeterIsQuietForSmallWork(t *testing.T) {
	m := &meter{label: "x", total: progressMin - 1, report: func(string, int, int) { t.Error("small work reported") }}
	m.add()
	m.at(progressMin - 1)
}

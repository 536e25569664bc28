package report

import (
	"strings"
	"testing"
	"time"
)

func TestCleanText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain\ttext\n", "plain\ttext\n"},
		{"a\x00b\x07c\x1fd\x7fe", "abcde"},
		{"\x1b[1;31mred\x1b[0m and \x1b[2K", "red and "},
		{"windows\r\nline\rends", "windows\nline\nends"},
		{"c1 \u0085 and \u009b gone", "c1  and  gone"},
		{"non-characters \uFFFE\uFFFF gone", "non-characters  gone"},
		{"bad \xff\xfe utf-8", "bad \uFFFD utf-8"},
		{"unicode stays: é → ✓ 😀", "unicode stays: é → ✓ 😀"},
	}
	for _, tc := range tests {
		if got := cleanText(tc.in); got != tc.want {
			t.Errorf("cleanText(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestFormatBody(t *testing.T) {
	tests := []struct {
		body  []byte
		limit int
		want  string
	}{
		{[]byte(`{"t":21.5}`), 64, `"{\"t\":21.5}"`},
		{[]byte("line 1\nline 2"), 64, `"line 1\nline 2"`},
		{[]byte{0xff, 0x00, 0x01}, 64, "base64:/wAB"},
		{[]byte("bell\a"), 64, "base64:YmVsbAc="},
		{[]byte(strings.Repeat("a", 10)), 4, `"aaaa… (6 more bytes left out)"`},
		{make([]byte, 30), 8, "base64:AAAAAAAA… (30 bytes)"},
		{nil, 8, `""`},
	}
	for _, tc := range tests {
		if got := FormatBody(tc.body, tc.limit); got != tc.want {
			t.Errorf("FormatBody(%q, %d) = %s, want %s", tc.body, tc.limit, got, tc.want)
		}
	}
}

func TestTruncateKeepsRunesWhole(t *testing.T) {
	got := truncate("ééé", 3) // é is two bytes: a cut at 3 falls inside the second
	if got != "é… (4 more bytes left out)" {
		t.Errorf("truncate = %q", got)
	}
	if truncate("short", 10) != "short" {
		t.Error("truncate changed a short string")
	}
}

func TestPrepareExplanation(t *testing.T) {
	tests := []struct {
		name                  string
		status                Status
		message, explanation  string
		wantMsg, wantExplains string
	}{
		{"message from the explanation", Failed, "", "\n  first\nsecond\n", "first", "  first\nsecond"},
		{"message already first", Failed, "first", "first\nsecond", "first", "first\nsecond"},
		{"message put before", Failed, "summary", "details", "summary", "summary\ndetails"},
		{"only a message", Errored, "hub unreachable\nmore", "", "hub unreachable", "hub unreachable"},
		{"nothing for a failure", Failed, "", "", defaultMessage[Failed], defaultMessage[Failed]},
		{"nothing for an error", Errored, "", "", defaultMessage[Errored], defaultMessage[Errored]},
		{"nothing for a pass", Passed, "", "", "", ""},
	}
	for _, tc := range tests {
		msg, expl := prepareExplanation(tc.status, tc.message, tc.explanation)
		if msg != tc.wantMsg || expl != tc.wantExplains {
			t.Errorf("%s: got %q / %q, want %q / %q", tc.name, msg, expl, tc.wantMsg, tc.wantExplains)
		}
	}
}

func TestPrepareDoesNotTouchTheInput(t *testing.T) {
	run := fixtureRun()
	before := run.Suites[1].Cases[0].Explanation
	_ = prepare(run)
	if run.Suites[1].Cases[0].Explanation != before || run.Suites[0].Properties[2].Value != fixtureConnString {
		t.Error("prepare changed the caller's run")
	}
}

func TestTotals(t *testing.T) {
	run := fixtureRun()
	got := run.Totals()
	want := Totals{Tests: 6, Passed: 2, Failed: 2, Errors: 1, Skipped: 1, Flaky: 1}
	if got != want {
		t.Errorf("Totals = %+v, want %+v", got, want)
	}
	if run.OK() {
		t.Error("OK() = true with failures")
	}
	passing := Run{Suites: []Suite{{Cases: []Case{{Status: Passed}, {Status: Skipped}}}}}
	if !passing.OK() {
		t.Error("OK() = false with only passes and skips")
	}
	flakyOnlyIfPassed := Case{Status: Failed, Attempts: []Attempt{{Status: Failed}}}
	if flakyOnlyIfPassed.Flaky() || !(Case{Status: Passed, Attempts: []Attempt{{Status: Errored}}}).Flaky() {
		t.Error("Flaky: a case is flaky only when it passed after a failed or errored attempt")
	}
}

func TestTimeFormats(t *testing.T) {
	if got := seconds(1234567 * time.Microsecond); got != "1.235" {
		t.Errorf("seconds = %q", got)
	}
	if got := millis(41*time.Millisecond + 250*time.Microsecond); got != "41.25" {
		t.Errorf("millis = %q", got)
	}
	local := time.Date(2026, 11, 26, 11, 0, 0, 0, time.FixedZone("CET", 3600))
	if got := timestamp(local); got != "2026-11-26T10:00:00" {
		t.Errorf("timestamp = %q, want UTC without a zone", got)
	}
	if got := latency(999 * time.Microsecond); got != "1.0ms" {
		t.Errorf("latency = %q", got)
	}
	if got := latency(1500 * time.Millisecond); got != "1.500s" {
		t.Errorf("latency = %q", got)
	}
}

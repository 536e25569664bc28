package report

import "testing"

func TestExplain(t *testing.T) {
	got := Explain("feedback for msg-2: want Rejected, got none within 3s",
		"a feedback record with status Rejected for msg-2 within 3s",
		"no feedback record for msg-2\nafter 3s",
		[]string{"+0.000s   msg-2  sent to thermostat-2", "+0.003s   msg-2  accepted\n"})
	want := "feedback for msg-2: want Rejected, got none within 3s\n" +
		"expected: a feedback record with status Rejected for msg-2 within 3s\n" +
		"observed: no feedback record for msg-2\n  after 3s\n\n" +
		"ledger:\n+0.000s   msg-2  sent to thermostat-2\n+0.003s   msg-2  accepted"
	if got != want {
		t.Errorf("Explain:\n%s\nwant:\n%s", got, want)
	}
	if got := Explain(" only a summary ", "", "\n", nil); got != "only a summary" {
		t.Errorf("Explain with only a summary = %q", got)
	}
	msg, _ := prepareExplanation(Failed, "", want)
	if msg != "feedback for msg-2: want Rejected, got none within 3s" {
		t.Errorf("the summary is not the message: %q", msg)
	}
}

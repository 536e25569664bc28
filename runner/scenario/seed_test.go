package scenario

import (
	"path/filepath"
	"reflect"
	"testing"

	"github.com/hubspec/hubspec/runner"
)

// TestSeedDecodes checks the whole model of the seed tutorial, field by field.
func TestSeedDecodes(t *testing.T) {
	scs, err := Load(filepath.Join(examplesDir, "seed.yaml"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	sc := scs[0]
	file := filepath.Join(examplesDir, "seed.yaml")
	if sc.Name != "A device completes a message and the service gets Success feedback" || !reflect.DeepEqual(sc.Tags, []string{"seed", "smoke"}) {
		t.Errorf("name %q, tags %v", sc.Name, sc.Tags)
	}
	if sc.At != (runner.Pos{File: file, Line: 5, Col: 1}) {
		t.Errorf("scenario at %v, want %s:5:1", sc.At, file)
	}
	g := sc.Fleet[0]
	if g.Name != "thermostat-1" || g.Count != 1 || g.Transport != runner.AMQP || g.Offline || g.DeviceID(1) != "thermostat-1" {
		t.Errorf("group = %+v", g)
	}
	if len(sc.Steps) != 3 {
		t.Fatalf("%d steps, want 3", len(sc.Steps))
	}
	checkSeedSend(t, sc.Steps[0].(*runner.Send))
	checkSeedReceive(t, sc.Steps[1].(*runner.ExpectReceive))
	fb := sc.Steps[2].(*runner.ExpectFeedback)
	if fb.Messages.Send != "setpoint" || fb.Status != runner.Success || fb.Within != 0 || sc.Deadline(fb) != runner.DefaultFeedbackWithin {
		t.Errorf("feedback = %+v", fb)
	}
}

func checkSeedSend(t *testing.T, s *runner.Send) {
	t.Helper()
	v := runner.TemplateVars{Device: "thermostat-1", I: 1, Run: "r9"}
	if s.Label != "setpoint" || s.To.Device != "thermostat-1" || s.Count != 1 || s.Ack != runner.AckFull || s.Outcome != runner.Accepted {
		t.Errorf("send = %+v", s)
	}
	if s.MessageID.Expand(v) != "setpoint-r9" || s.CorrelationID.Expand(v) != "job-42" {
		t.Errorf("ids %q %q", s.MessageID.Expand(v), s.CorrelationID.Expand(v))
	}
	if string(s.Body) != `{"setpoint":21.5}` || s.ContentType != "application/json" || s.ContentEncoding != "utf-8" {
		t.Errorf("body %q, content %q %q", s.Body, s.ContentType, s.ContentEncoding)
	}
	if len(s.Properties) != 1 || s.Properties[0].Name != "priority" || s.Properties[0].Value.Expand(v) != "high" {
		t.Errorf("properties %+v", s.Properties)
	}
	if s.At != (runner.Pos{File: s.At.File, Line: 12, Col: 5}) || s.Keys["messageId"].Line != 15 {
		t.Errorf("send at %v, messageId at %v; want 12:5 and line 15", s.At, s.Keys["messageId"])
	}
}

func checkSeedReceive(t *testing.T, r *runner.ExpectReceive) {
	t.Helper()
	if r.Devices.Device != "thermostat-1" || r.Count != runner.Exactly(1) || r.Order != runner.OrderAny || len(r.Messages) != 1 {
		t.Fatalf("receives = %+v", r)
	}
	v := runner.TemplateVars{Device: "thermostat-1", I: 1, Run: "r9"}
	got := &runner.Received{
		MessageID: "setpoint-r9", CorrelationID: "job-42", ContentType: "application/json",
		Properties: map[string]string{"priority": "high"}, Body: []byte(`{"mode":"eco","setpoint":21.5}`),
	}
	if miss := r.Messages[0].Mismatches(got, v); len(miss) != 0 {
		t.Errorf("the message the seed expects does not match what it sends: %q", miss)
	}
	got.CorrelationID = "job-43"
	if r.Messages[0].Matches(got, v) {
		t.Error("the seed's expectation matched a wrong correlation id")
	}
}

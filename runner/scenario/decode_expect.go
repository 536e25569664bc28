package scenario

import (
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/hubspec/hubspec/runner"
)

func decodeReceives(d *decoder, f *fields, at runner.Pos, _ int) runner.Step {
	s := &runner.ExpectReceive{At: at, Keys: f.keys, Devices: d.selector(f, at, true)}
	s.Within = f.duration("within")
	s.Order = enum(f, "order", runner.Orders, runner.OrderAny)
	if m := f.vals["messages"]; m != nil {
		s.Messages = d.matches(m)
	}
	s.Count = f.count("count", runner.AtLeast(max(1, len(s.Messages))))
	return s
}

func (d *decoder) matches(n *yaml.Node) []runner.MessageMatch {
	if n.Kind != yaml.SequenceNode {
		d.errorf(n, "messages: want a list of messages (- messageId: …), got %s", describe(n))
		return nil
	}
	ms := make([]runner.MessageMatch, 0, len(n.Content))
	for _, item := range n.Content {
		ms = append(ms, d.match(item, "message"))
	}
	return ms
}

// decodeFeedback reads the three feedback expectations: a status for every message,
// counts by status, or status: none over a window.
func decodeFeedback(d *decoder, f *fields, at runner.Pos, _ int) runner.Step {
	set := d.messageSet(f, at)
	switch f.oneOf("status", "counts") {
	case "status":
		if strings.EqualFold(strings.TrimSpace(f.str("status")), "none") {
			return noFeedback(d, f, at, set)
		}
		f.conflict("status", "for", "for is the window of status: none; a status is awaited within a deadline")
		status := enum(f, "status", runner.FeedbackStatuses, runner.Success)
		return &runner.ExpectFeedback{At: at, Keys: f.keys, Messages: set, Status: status, Within: f.duration("within")}
	case "counts":
		f.conflict("counts", "for", "for is the window of status: none; counts are awaited within a deadline")
		c := counts(d, f.vals["counts"], "counts", runner.FeedbackStatuses)
		return &runner.ExpectFeedbackCounts{At: at, Keys: f.keys, Messages: set, Counts: c, Within: f.duration("within")}
	}
	return nil
}

func noFeedback(d *decoder, f *fields, at runner.Pos, set runner.MessageSet) runner.Step {
	f.require("for")
	f.conflict("status", "within", "status: none holds over a window; set for instead")
	return &runner.ExpectNoFeedback{At: at, Keys: f.keys, Messages: set, For: f.duration("for")}
}

func decodeDispositions(d *decoder, f *fields, at runner.Pos, _ int) runner.Step {
	s := &runner.ExpectDispositions{At: at, Keys: f.keys, Devices: d.selector(f, at, true), Counts: map[runner.Disposition]runner.Count{}}
	for _, disp := range runner.Dispositions {
		if n := f.vals[string(disp)]; n != nil {
			s.Counts[disp] = d.count(n, string(disp), runner.Count{})
		}
	}
	if len(s.Counts) == 0 {
		d.errorf(f.node, "dispositions: count at least one of complete, reject, abandon, ignore")
	}
	s.Within = f.duration("within")
	return s
}

func decodeNoFurtherMessage(d *decoder, f *fields, at runner.Pos, _ int) runner.Step {
	f.require("for")
	return &runner.ExpectNoMessage{At: at, Keys: f.keys, Devices: d.selector(f, at, true), For: f.duration("for")}
}

func decodeSendOutcomes(d *decoder, f *fields, at runner.Pos, _ int) runner.Step {
	s := &runner.ExpectSendOutcomes{At: at, Keys: f.keys, Messages: d.messageSet(f, at)}
	if f.require("counts") {
		s.Counts = counts(d, f.vals["counts"], "counts", runner.SendOutcomes)
	}
	return s
}

func decodeQueued(d *decoder, f *fields, at runner.Pos, _ int) runner.Step {
	f.require("count")
	return &runner.ExpectQueued{At: at, Keys: f.keys, Devices: d.selector(f, at, true), Count: f.count("count", runner.Count{}), Within: f.duration("within")}
}

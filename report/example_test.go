package report_test

import (
	"fmt"
	"os"
	"time"

	"github.com/hubspec/hubspec/report"
)

func ExampleRedact() {
	fmt.Println(report.Redact("HostName=hub.example.net;SharedAccessKeyName=service;SharedAccessKey=c2VjcmV0"))
	fmt.Println(report.Redact("put-token: SharedAccessSignature sr=hub&sig=abc%3D&se=1790000000 refused"))
	// Output:
	// HostName=hub.example.net;SharedAccessKeyName=***;SharedAccessKey=***
	// put-token: SharedAccessSignature *** refused
}

func ExampleWriteJUnit() {
	start := time.Date(2026, 11, 26, 10, 0, 0, 0, time.UTC)
	run := report.Run{Started: start, Duration: 812 * time.Millisecond, Suites: []report.Suite{{
		File: "scenarios/seed.yaml", Started: start, Duration: 812 * time.Millisecond,
		Cases: []report.Case{{Name: "Seed", Line: 1, Status: report.Failed, Duration: 812 * time.Millisecond,
			Explanation: report.Explain("msg-1: want feedback Success within 1s, got none",
				"feedback Success", "none", []string{"+0.000s   msg-1  sent to thermostat-1 (ack full)"})}},
	}}}
	_ = report.WriteJUnit(os.Stdout, run)
	// Output:
	// <?xml version="1.0" encoding="UTF-8"?>
	// <testsuites name="hubspec" tests="1" failures="1" errors="0" skipped="0" time="0.812" timestamp="2026-11-26T10:00:00">
	//   <testsuite name="scenarios/seed.yaml" tests="1" failures="1" errors="0" skipped="0" time="0.812" timestamp="2026-11-26T10:00:00" file="scenarios/seed.yaml">
	//     <testcase classname="scenarios.seed" name="Seed" file="scenarios/seed.yaml" line="1" time="0.812">
	//       <failure message="msg-1: want feedback Success within 1s, got none" type="AssertionError">msg-1: want feedback Success within 1s, got none
	// expected: feedback Success
	// observed: none
	//
	// ledger:
	// +0.000s   msg-1  sent to thermostat-1 (ack full)</failure>
	//     </testcase>
	//   </testsuite>
	// </testsuites>
}

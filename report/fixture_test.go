package report

import (
	"time"
)

// The secrets the fixture hides in its text; no output may show them.
const (
	fixtureConnString = "HostName=hub.example.net;SharedAccessKeyName=iothubowner;SharedAccessKey=" + testKey
	fixtureToken      = "SharedAccessSignature sr=hub.example.net%2Fdevices%2Fthermostat-1&sig=" + testSig + "&se=1790000000"
)

// fixtureStart is when the fixture run started.
var fixtureStart = time.Date(2026, 11, 26, 10, 0, 0, 0, time.UTC)

// ms is n milliseconds.
func ms(n int) time.Duration { return time.Duration(n) * time.Millisecond }

// fixtureRun is a run with every kind of case: passed, failed, error, skipped, flaky,
// failed on every retry, a repeated name, secrets, control characters and a binary body.
func fixtureRun() Run {
	return Run{
		Started: fixtureStart, Duration: ms(4210), Hostname: "ci-runner-7",
		Latencies: []Latency{
			{LatencySendReceive, 12, ms(4) + 120*time.Microsecond, ms(10), ms(12)},
			{LatencyReceiveSettle, 14, 300 * time.Microsecond, ms(1), ms(2)},
			{LatencySendFeedback, 3, ms(1020), ms(1500), ms(1500)},
		},
		Suites: []Suite{feedbackSuite(), fleetSuite()},
	}
}

func feedbackSuite() Suite {
	return Suite{
		File: "scenarios/feedback.yaml", Started: fixtureStart, Duration: ms(3900),
		Properties: []Property{{"hub.host", "localhost"}, {"hub.c2d.maxDeliveryCount", "10"},
			{"hub.connection", fixtureConnString}},
		Cases: []Case{
			{Name: "Device completes and the service gets Success", Line: 7, Status: Passed, Duration: ms(812),
				Tags: []string{"@seed"}, Latencies: []Latency{{LatencySendFeedback, 1, ms(41), ms(41), ms(41)}},
				Timeline: "+0.000s   msg-7f3a-thermostat-1-0  sent to thermostat-1 (ack full, correlation-id order-17)\n" +
					"+0.004s   msg-7f3a-thermostat-1-0  accepted\n+0.012s   msg-7f3a-thermostat-1-0  complete by thermostat-1\n" +
					"+0.041s   msg-7f3a-thermostat-1-0  feedback Success\n"},
			{Name: "Rejected message yields Rejected feedback", Line: 15, Status: Failed, Duration: ms(3001),
				Explanation: Explain("feedback for msg-2: want Rejected, got none within 3s",
					"a feedback record with status Rejected for msg-2 within 3s",
					"no feedback record for msg-2 after 3s",
					[]string{"+0.000s   msg-2  sent to thermostat-2 (ack none)", "+0.003s   msg-2  accepted",
						"+0.010s   msg-2  reject by thermostat-2"}),
				Timeline: "+0.000s   msg-2  sent to thermostat-2\n+0.003s   msg-2  accepted\n+0.010s   msg-2  reject by thermostat-2\n"},
			{Name: "Abandon until DeliveryCountExceeded", Line: 22, Status: Passed, Duration: ms(70),
				Attempts: []Attempt{{Status: Failed, Duration: ms(50),
					Explanation: "device thermostat-3: want 10 deliveries, got 9 within 50ms\nexpected: 10\nobserved: 9",
					Timeline:    "+0.001s   msg-3  sent to thermostat-3 (ack full)\n"}}},
			{Name: "Device completes and the service gets Success", Line: 30, Status: Skipped,
				Explanation: "not selected by --tags @slow"},
		},
	}
}

func fleetSuite() Suite {
	return Suite{
		File: "scenarios/fleet/thermostats.v2.yml", Started: fixtureStart.Add(ms(3900)), Duration: ms(310),
		Properties: []Property{{"hub.host", "hub.example.net"}},
		Cases: []Case{
			{Name: "A fleet of 1,000 thermostats", Line: 3, Status: Errored, Duration: ms(300),
				Explanation: "could not provision the fleet: registry refused " + fixtureToken + "\n" +
					"connection string in use: " + fixtureConnString + "\n" +
					"registry answered: {\"authentication\":{\"symmetricKey\":{\"primaryKey\":\"" + testKey + "\"}}}"},
			{Name: "Rule-based reject [priority=high]", Line: 40, Status: Failed, Duration: ms(10),
				Message: "thermostat-9 received a body\x00 it should not: \x1b[31mred\x1b[0m",
				Explanation: "thermostat-9 received a body\x00 it should not: \x1b[31mred\x1b[0m\r\n" +
					"observed body: " + FormatBody([]byte{0xff, 0x00, 0x1b, 0x7f, 'A'}, 64) + "\n" +
					"bell\a and form feed\f removed; \uFFFE gone; invalid utf-8: \xff\xfe kept as replacement",
				Attempts: []Attempt{
					{Status: Failed, Duration: ms(11), Explanation: "first attempt: same body"},
					{Status: Errored, Duration: ms(2), Explanation: "second attempt: hub unreachable sig=" + testSig},
				}},
		},
	}
}

package scenario

// The keys each kind of mapping accepts. docs/scenarios.md documents every one (a test
// checks it).
var (
	selectorKeys = []string{"device", "group", "all"}

	scenarioKeys      = []string{"scenario", "description", "tags", "vars", "within", "hub", "fleet", "steps"}
	hubKeys           = []string{"cloudToDevice", "emulator"}
	cloudToDeviceKeys = []string{"maxDeliveryCount", "defaultTtlAsIso8601", "feedback"}
	feedbackQueueKeys = []string{"lockDurationAsIso8601", "ttlAsIso8601", "maxDeliveryCount"}
	emulatorKeys      = []string{"profile", "feedbackBatchInterval", "lockDuration", "throttling"}
	throttlingKeys    = []string{"tier", "units"}
	groupKeys         = []string{"group", "id", "count", "transport", "online", "settle", "delay", "rules"}
	ruleKeys          = []string{"when", "settle", "delay"}
	matchKeys         = []string{"body", "properties", "messageId", "correlationId", "contentType", "contentEncoding", "to", "ack", "deliveryCount"}
	textMatchKeys     = []string{"equals", "contains", "matches", "json", "absent"}
	bodyKeys          = []string{"text", "json", "base64", "file"}

	waitKeys         = []string{"for", "reason"}
	sendKeys         = with(selectorKeys, "id", "count", "messageId", "correlationId", "body", "properties", "ack", "ttl", "expiry", "contentType", "contentEncoding", "outcome")
	receivesKeys     = with(selectorKeys, "count", "order", "messages", "within")
	feedbackKeys     = with(selectorKeys, "send", "messageId", "status", "counts", "within", "for")
	dispositionsKeys = with(selectorKeys, "complete", "reject", "abandon", "ignore", "within")
	noFurtherKeys    = with(selectorKeys, "for")
	sendOutcomesKeys = with(selectorKeys, "send", "messageId", "counts")
	queuedKeys       = with(selectorKeys, "count", "within")
)

func with(base []string, more ...string) []string {
	return append(append([]string(nil), base...), more...)
}

// schema names every mapping the loader reads and the keys it accepts there.
func schema() map[string][]string {
	m := map[string][]string{
		"scenario": scenarioKeys, "hub": hubKeys, "cloudToDevice": cloudToDeviceKeys,
		"feedback queue": feedbackQueueKeys, "emulator": emulatorKeys, "throttling": throttlingKeys,
		"fleet group": groupKeys, "rule": ruleKeys, "message match": matchKeys,
		"text match": textMatchKeys, "body": bodyKeys, "steps": stepKindNames(),
	}
	for _, k := range stepKinds {
		m[k.name] = k.keys
	}
	return m
}

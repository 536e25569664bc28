package iothub_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/hubspec/hubspec/iothub"
)

func ExampleParseConnectionString() {
	cs, err := iothub.ParseConnectionString("HostName=myhub.azure-devices.net;DeviceId=dev1;SharedAccessKey=QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVowMTIzNDU=;GatewayHostName=127.0.0.1:5671")
	if err != nil {
		panic(err)
	}
	fmt.Println(cs.DeviceID, cs.GatewayHostName)
	fmt.Println(cs) // the key is masked

	_, err = iothub.ParseConnectionString("HostName=myhub.azure-devices.net;DeviceId=dev1")
	fmt.Println(errors.Is(err, iothub.ErrBadConnectionString), err)
	// Output:
	// dev1 127.0.0.1:5671
	// HostName=myhub.azure-devices.net;DeviceId=dev1;SharedAccessKey=****;GatewayHostName=127.0.0.1:5671
	// true iothub: connection string: SharedAccessKey: missing (give SharedAccessKey, SharedAccessSignature or x509=true)
}

func ExampleNewSASToken() {
	scope := iothub.DeviceScope("myhub.azure-devices.net", "dev1", "")
	tok, err := iothub.NewSASToken(scope, "", "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVowMTIzNDU=", time.Unix(1893456000, 0))
	if err != nil {
		panic(err)
	}
	fmt.Println(tok)         // safe to log
	fmt.Println(tok.Token()) // the secret wire form
	// Output:
	// SharedAccessSignature sr=myhub.azure-devices.net%2Fdevices%2Fdev1&sig=****&se=1893456000
	// SharedAccessSignature sr=myhub.azure-devices.net%2Fdevices%2Fdev1&sig=QOX2Gl4JSBltoQXyh%2B8aWPeC7y1uKsQZUyITjhuU%2BUY%3D&se=1893456000
}

func ExampleParseFeedback() {
	records, err := iothub.ParseFeedback([]byte(`[{"originalMessageId":"m-1","deviceGenerationId":"636146743722094236","deviceId":"dev1","enqueuedTimeUtc":"2030-01-01T00:00:00.0000000Z","statusCode":"Success","description":"Success"}]`))
	if err != nil {
		panic(err)
	}
	for _, r := range records {
		fmt.Println(r.OriginalMessageID, r.DeviceID, r.Status, r.EnqueuedTime.Format(time.RFC3339))
	}
	// Output:
	// m-1 dev1 Success 2030-01-01T00:00:00Z
}

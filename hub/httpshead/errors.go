package httpshead

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"time"

	"github.com/hubspec/hubspec/hub/core"
)

// Error codes the head uses besides the core's.
const (
	codeTooManyDevices             core.ErrorCode = "TooManyDevices"
	codeDeviceDefinedMultipleTimes core.ErrorCode = "DeviceDefinedMultipleTimes"
	codeNotFound                   core.ErrorCode = "NotFound"
	codeMethodNotAllowed           core.ErrorCode = "MethodNotAllowed"
)

// errorBody is IoT Hub's REST error body. The Node SDK splits Message on ";"
// and ":" to find the code (azure-iot-http-base Http.parseErrorBody).
type errorBody struct {
	Message          string `json:"Message"`
	ExceptionMessage string `json:"ExceptionMessage"`
}

// writeError answers a core error with its status and IoT Hub's body.
func writeError(w http.ResponseWriter, err error) {
	code := core.CodeOf(err)
	if code == "" {
		code = "ServerError"
	}
	writeCode(w, code.HTTPStatus(), code, err.Error())
}

// writeCode answers with an explicit status and code.
func writeCode(w http.ResponseWriter, status int, code core.ErrorCode, text string) {
	w.Header().Set("iothub-errorcode", string(code))
	writeJSON(w, status, errorBody{
		Message:          "ErrorCode:" + string(code) + ";" + text,
		ExceptionMessage: "Tracking ID:" + trackingID() + "-G:0-TimeStamp:" + time.Now().UTC().Format("01/02/2006 15:04:05"),
	})
}

func trackingID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// writeJSON answers with a JSON body.
func writeJSON(w http.ResponseWriter, status int, v any) {
	body, err := json.Marshal(v)
	if err != nil {
		http.Error(w, "cannot encode the response", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

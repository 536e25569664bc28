package httpshead

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/hubspec/hubspec/hub/core"
)

// maxBulk is the most devices one bulk registry operation may name.
const maxBulk = 100

// importDevice is one entry of a bulk registry operation (Azure's
// ExportImportDevice; the emulator reads the fields a device identity has).
type importDevice struct {
	ID             string          `json:"id"`
	ModuleID       *string         `json:"moduleId"`
	ETag           string          `json:"eTag"`
	ImportMode     string          `json:"importMode"`
	Status         string          `json:"status"`
	StatusReason   *string         `json:"statusReason"`
	Authentication *authentication `json:"authentication"`
}

// bulkResult is Azure's BulkRegistryOperationResult.
type bulkResult struct {
	IsSuccessful bool          `json:"isSuccessful"`
	Errors       []bulkError   `json:"errors"`
	Warnings     []bulkWarning `json:"warnings"`
}

// bulkError is Azure's DeviceRegistryOperationError.
type bulkError struct {
	DeviceID    string  `json:"deviceId"`
	ErrorCode   string  `json:"errorCode"`
	ErrorStatus string  `json:"errorStatus"`
	ModuleID    *string `json:"moduleId"`
	Operation   string  `json:"operation"`
}

// bulkWarning is Azure's DeviceRegistryOperationWarning (never produced).
type bulkWarning struct {
	DeviceID      string `json:"deviceId"`
	WarningCode   string `json:"warningCode"`
	WarningStatus string `json:"warningStatus"`
}

// bulk serves POST /devices: each entry is applied on its own; failures are
// listed in the result, which is 200 whether or not all succeeded (the .NET
// SDK requires 200 to read it). A malformed request is 400, more than 100
// devices 413.
func (h *Handler) bulk(w http.ResponseWriter, r *http.Request, _ route) {
	body, err := readBody(w, r)
	if err != nil {
		writeError(w, err)
		return
	}
	ops, status, code, err := decodeBulk(body)
	if err != nil {
		writeCode(w, status, code, err.Error())
		return
	}
	result := bulkResult{IsSuccessful: true, Errors: []bulkError{}, Warnings: []bulkWarning{}}
	for _, op := range ops {
		if err := h.apply(op); err != nil {
			result.IsSuccessful = false
			result.Errors = append(result.Errors, bulkError{
				DeviceID: op.ID, ErrorCode: string(errorCode(err)), ErrorStatus: err.Error(), Operation: op.ImportMode,
			})
		}
	}
	writeJSON(w, http.StatusOK, result)
}

func errorCode(err error) core.ErrorCode {
	if c := core.CodeOf(err); c != "" {
		return c
	}
	return core.CodeArgumentInvalid
}

// decodeBulk reads and checks the request as a whole; on failure it returns
// the status and code to answer with.
func decodeBulk(body []byte) ([]importDevice, int, core.ErrorCode, error) {
	var ops []importDevice
	if err := json.Unmarshal(body, &ops); err != nil {
		return nil, http.StatusBadRequest, core.CodeArgumentInvalid, fmt.Errorf("the body must be a JSON array of devices: %v", err)
	}
	if len(ops) == 0 {
		return nil, http.StatusBadRequest, core.CodeArgumentInvalid, errors.New("the bulk operation names no device")
	}
	if len(ops) > maxBulk {
		return nil, http.StatusRequestEntityTooLarge, codeTooManyDevices, fmt.Errorf("%d devices in one bulk operation; at most %d", len(ops), maxBulk)
	}
	seen := map[string]bool{}
	for _, op := range ops {
		if seen[op.ID] {
			return nil, http.StatusBadRequest, codeDeviceDefinedMultipleTimes, fmt.Errorf("device %s appears more than once", op.ID)
		}
		seen[op.ID] = true
	}
	return ops, 0, "", nil
}

// apply carries out one entry by its import mode.
func (h *Handler) apply(op importDevice) error {
	if op.ModuleID != nil && *op.ModuleID != "" {
		return &core.Error{Code: core.CodeNotImplemented, Message: "the emulator has no modules"}
	}
	spec, err := op.spec()
	if err != nil {
		return err
	}
	mode := strings.ToLower(op.ImportMode)
	if strings.HasSuffix(mode, "ifmatchetag") && op.ETag == "" {
		return badRequest("importMode %s needs an eTag", op.ImportMode)
	}
	switch mode {
	case "create":
		_, err = h.hub.CreateDevice(spec)
	case "createorupdate", "createorupdateifmatchetag":
		err = h.createOrUpdate(spec, orStar(op.ETag, mode))
	case "update", "updateifmatchetag":
		_, err = h.hub.UpdateDevice(spec, orStar(op.ETag, mode))
	case "delete", "deleteifmatchetag":
		err = h.hub.DeleteDevice(op.ID, orStar(op.ETag, mode))
	case "updatetwin", "updatetwinifmatchetag":
		err = &core.Error{Code: core.CodeNotImplemented, Message: "the emulator has no device twins"}
	default:
		err = badRequest("unknown importMode %q (create, createOrUpdate, update, updateIfMatchETag, delete, deleteIfMatchETag)", op.ImportMode)
	}
	return err
}

// orStar is the If-Match of a mode: the entry's eTag for the *IfMatchETag
// modes, "*" for the others.
func orStar(etag, mode string) string {
	if strings.HasSuffix(mode, "ifmatchetag") {
		return etag
	}
	return "*"
}

func (h *Handler) createOrUpdate(spec core.DeviceSpec, ifMatch string) error {
	_, err := h.hub.CreateDevice(spec)
	if errors.Is(err, core.ErrDeviceExists) {
		_, err = h.hub.UpdateDevice(spec, ifMatch)
	}
	return err
}

// spec is the device identity the entry describes.
func (op importDevice) spec() (core.DeviceSpec, error) {
	spec := core.DeviceSpec{DeviceID: op.ID, Status: core.DeviceStatus(op.Status)}
	if op.StatusReason != nil {
		spec.StatusReason = *op.StatusReason
	}
	return withKeys(spec, op.Authentication)
}

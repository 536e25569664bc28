package iothub

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"strings"
)

// The bulk registry operation: POST /devices, at most 100 devices a call.
const (
	bulkLimit       = 100
	bulkConcurrency = 8
)

// BulkResult is the outcome of a bulk create or delete.
type BulkResult struct {
	// Devices are the devices sent. After a create they hold the keys that
	// were used: the caller's, or keys this client generated (the bulk
	// operation does not return the hub's).
	Devices []DeviceIdentity
	// Failed lists the devices the hub refused, each with its error.
	Failed []BulkFailure
}

// BulkFailure is one device the hub refused in a bulk operation.
type BulkFailure struct {
	DeviceID string
	Err      *Error
}

// Err joins the failures into one error, or is nil when every device succeeded.
func (b *BulkResult) Err() error {
	errs := make([]error, 0, len(b.Failed))
	for _, f := range b.Failed {
		errs = append(errs, f.Err)
	}
	return errors.Join(errs...)
}

type bulkDevice struct {
	ID             string          `json:"id"`
	ImportMode     string          `json:"importMode"`
	Status         string          `json:"status,omitempty"`
	Authentication *Authentication `json:"authentication,omitempty"`
}

type wireBulkResult struct {
	IsSuccessful bool `json:"isSuccessful"`
	Errors       []struct {
		DeviceID    string          `json:"deviceId"`
		ErrorCode   json.RawMessage `json:"errorCode"`
		ErrorStatus string          `json:"errorStatus"`
	} `json:"errors"`
}

// CreateDevices creates many devices with the bulk registry operation, 100
// a call, a few calls at once. Devices without keys get keys generated here,
// so that the result says what they are. A device the hub refuses (an
// existing id, say) is listed in the result's Failed; the error is for a call
// that failed as a whole.
func (r *Registry) CreateDevices(ctx context.Context, devices []DeviceIdentity) (*BulkResult, error) {
	sent := make([]DeviceIdentity, len(devices))
	items := make([]bulkDevice, len(devices))
	for i, d := range devices {
		d = withKeys(d.sasAuthentication())
		sent[i] = d
		items[i] = bulkDevice{ID: d.DeviceID, ImportMode: "create", Status: d.Status, Authentication: &sent[i].Authentication}
	}
	return r.bulk(ctx, "create devices", sent, items)
}

// DeleteDevices deletes many devices whatever their etags, 100 a call.
func (r *Registry) DeleteDevices(ctx context.Context, deviceIDs []string) (*BulkResult, error) {
	sent := make([]DeviceIdentity, len(deviceIDs))
	items := make([]bulkDevice, len(deviceIDs))
	for i, id := range deviceIDs {
		sent[i] = DeviceIdentity{DeviceID: id}
		items[i] = bulkDevice{ID: id, ImportMode: "Delete"}
	}
	return r.bulk(ctx, "delete devices", sent, items)
}

func withKeys(d DeviceIdentity) DeviceIdentity {
	k := &d.Authentication.SymmetricKey
	if k.PrimaryKey == "" {
		k.PrimaryKey = newKey()
	}
	if k.SecondaryKey == "" {
		k.SecondaryKey = newKey()
	}
	return d
}

func (r *Registry) bulk(ctx context.Context, op string, sent []DeviceIdentity, items []bulkDevice) (*BulkResult, error) {
	if err := checkBulk(op, items); err != nil {
		return nil, err
	}
	chunks := chunk(items, bulkLimit)
	failures := make([][]BulkFailure, len(chunks))
	errs := make([]error, len(chunks))
	forEach(ctx, bulkConcurrency, indexes(len(chunks)), func(ctx context.Context, i int) {
		failures[i], errs[i] = r.bulkCall(ctx, op, chunks[i])
	})
	result := &BulkResult{Devices: sent}
	for _, f := range failures {
		result.Failed = append(result.Failed, f...)
	}
	return result, errors.Join(errs...)
}

func checkBulk(op string, items []bulkDevice) error {
	seen := make(map[string]bool, len(items))
	for i, it := range items {
		if it.ID == "" {
			return &Error{Op: op, Kind: ErrArgument, Description: "device " + strconv.Itoa(i) + " has no id"}
		}
		if seen[it.ID] {
			return &Error{Op: op, DeviceID: it.ID, Kind: ErrArgument, Description: "the id is given more than once"}
		}
		seen[it.ID] = true
	}
	return nil
}

// bulkCall posts one chunk. The hub answers 200, or 400 with the same
// result body when some devices failed.
func (r *Registry) bulkCall(ctx context.Context, op string, items []bulkDevice) ([]BulkFailure, error) {
	var failures []BulkFailure
	err := retry(ctx, r.opts.Clock, r.opts.Retry, func(ctx context.Context) error {
		status, body, err := r.roundTrip(ctx, restCall{op: op, method: http.MethodPost, path: "/devices", body: items})
		if err != nil {
			return err
		}
		var res wireBulkResult
		if (status == http.StatusOK || status == http.StatusBadRequest) && json.Unmarshal(body, &res) == nil && (status == http.StatusOK || len(res.Errors) > 0) {
			failures = bulkFailures(op, res)
			return nil
		}
		return registryError(op, "", status, body)
	})
	return failures, err
}

func bulkFailures(op string, res wireBulkResult) []BulkFailure {
	failures := make([]BulkFailure, 0, len(res.Errors))
	for _, e := range res.Errors {
		code := bulkErrorCode(e.ErrorCode)
		kind, ok := registryCodes[code]
		if !ok {
			kind = ErrHub
			if n, err := strconv.Atoi(code); err == nil && numericCodes[n] != nil {
				kind = numericCodes[n]
			}
		}
		failures = append(failures, BulkFailure{DeviceID: e.DeviceID, Err: &Error{
			Op: op, DeviceID: e.DeviceID, Kind: kind, Code: code, Description: clip(e.ErrorStatus, 200),
		}})
	}
	return failures
}

// bulkErrorCode reads an errorCode given as a string or a number.
func bulkErrorCode(raw json.RawMessage) string {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	return clip(strings.TrimSpace(string(raw)), 32)
}

func chunk[T any](items []T, size int) [][]T {
	var chunks [][]T
	for len(items) > size {
		chunks = append(chunks, items[:size])
		items = items[size:]
	}
	if len(items) > 0 {
		chunks = append(chunks, items)
	}
	return chunks
}

func indexes(n int) []int {
	ix := make([]int, n)
	for i := range ix {
		ix[i] = i
	}
	return ix
}

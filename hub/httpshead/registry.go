package httpshead

import (
	"net/http"
	"strconv"

	"github.com/hubspec/hubspec/hub/core"
)

// maxList is the most devices one list call returns, as on IoT Hub.
const maxList = 1000

// writeDevice answers with a device and its ETag.
func writeDevice(w http.ResponseWriter, d core.Device) {
	w.Header().Set("ETag", `"`+d.ETag+`"`)
	writeJSON(w, http.StatusOK, toDeviceJSON(d))
}

// get serves GET /devices/{id}.
func (h *Handler) get(w http.ResponseWriter, _ *http.Request, rt route) {
	d, err := h.hub.Device(rt.deviceID)
	if err != nil {
		writeError(w, err)
		return
	}
	writeDevice(w, d)
}

// list serves GET /devices?top=N.
func (h *Handler) list(w http.ResponseWriter, r *http.Request, _ route) {
	top := maxList
	if s := r.URL.Query().Get("top"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			writeError(w, badRequest("top must be a positive number, not %q", s))
			return
		}
		top = min(n, maxList)
	}
	all := h.hub.Devices()
	out := make([]deviceJSON, 0, min(len(all), top))
	for _, d := range all[:min(len(all), top)] {
		out = append(out, toDeviceJSON(d))
	}
	writeJSON(w, http.StatusOK, out)
}

// put serves PUT /devices/{id}: create without If-Match, update with it.
func (h *Handler) put(w http.ResponseWriter, r *http.Request, rt route) {
	body, err := readBody(w, r)
	if err != nil {
		writeError(w, err)
		return
	}
	spec, err := decodeDevice(body, rt.deviceID)
	if err != nil {
		writeError(w, err)
		return
	}
	var d core.Device
	if ifMatch, conditional := r.Header["If-Match"]; conditional {
		d, err = h.hub.UpdateDevice(spec, ifMatch[0])
	} else {
		d, err = h.hub.CreateDevice(spec)
	}
	if err != nil {
		writeError(w, err)
		return
	}
	writeDevice(w, d)
}

// delete serves DELETE /devices/{id}; without If-Match it is unconditional.
func (h *Handler) delete(w http.ResponseWriter, r *http.Request, rt route) {
	if err := h.hub.DeleteDevice(rt.deviceID, r.Header.Get("If-Match")); err != nil {
		writeError(w, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// purgeResult is IoT Hub's PurgeMessageQueueResult.
type purgeResult struct {
	DeviceID            string  `json:"deviceId"`
	ModuleID            *string `json:"moduleId"`
	TotalMessagesPurged int     `json:"totalMessagesPurged"`
}

// purge serves DELETE /devices/{id}/commands.
func (h *Handler) purge(w http.ResponseWriter, _ *http.Request, rt route) {
	n, err := h.hub.PurgeQueue(rt.deviceID)
	if err != nil {
		writeError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, purgeResult{DeviceID: rt.deviceID, TotalMessagesPurged: n})
}

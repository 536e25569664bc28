package httpshead

import (
	"fmt"
	"net/url"
	"strings"
)

// route is what a request path names.
type route struct {
	// deviceID is empty for the /devices collection.
	deviceID string
	// commands is /devices/{id}/commands, the device's C2D queue.
	commands bool
}

// parseRoute reads an escaped request path: /devices, /devices/{id} or
// /devices/{id}/commands, "devices" and "commands" in any case, a trailing
// slash allowed, the id percent-decoded.
func parseRoute(escapedPath string) (route, error) {
	segments := strings.Split(strings.Trim(escapedPath, "/"), "/")
	if len(segments) == 0 || len(segments) > 3 || !strings.EqualFold(segments[0], "devices") {
		return route{}, fmt.Errorf("no such resource: %s", escapedPath)
	}
	if len(segments) == 1 {
		return route{}, nil
	}
	id, err := url.PathUnescape(segments[1])
	if err != nil || id == "" {
		return route{}, fmt.Errorf("bad device id in %s", escapedPath)
	}
	r := route{deviceID: id}
	if len(segments) == 3 {
		if !strings.EqualFold(segments[2], "commands") {
			return route{}, fmt.Errorf("no such resource: %s", escapedPath)
		}
		r.commands = true
	}
	return r, nil
}

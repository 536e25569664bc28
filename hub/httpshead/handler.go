package httpshead

import (
	"errors"
	"io"
	"log/slog"
	"net/http"
	"strings"

	"github.com/hubspec/hubspec/hub/core"
)

// maxBody bounds a request body; a bulk operation of 100 devices is far less.
const maxBody = 1 << 20

// Options configure the head.
type Options struct {
	// Logger receives one debug line per request (method, path, status);
	// never a header, token or key. Discarded when nil.
	Logger *slog.Logger
}

// Handler serves IoT Hub's registry and purge REST API over a core.Hub.
type Handler struct {
	hub *core.Hub
	log *slog.Logger
}

// New returns the head for hub.
func New(hub *core.Hub, opts Options) *Handler {
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Handler{hub: hub, log: log}
}

// endpoint is one REST call: the permission it needs and what serves it.
type endpoint struct {
	op     core.Operation
	handle func(w http.ResponseWriter, r *http.Request, rt route)
}

// endpoint finds the call for a method on a route; ok is false for a method
// the resource does not have.
func (h *Handler) endpoint(method string, rt route) (endpoint, bool) {
	switch {
	case rt.commands && method == http.MethodDelete:
		return endpoint{core.PurgeC2D, h.purge}, true
	case rt.commands:
		return endpoint{}, false
	case rt.deviceID == "" && method == http.MethodGet:
		return endpoint{core.ReadRegistry, h.list}, true
	case rt.deviceID == "" && method == http.MethodPost:
		return endpoint{core.WriteRegistry, h.bulk}, true
	case rt.deviceID == "":
		return endpoint{}, false
	}
	switch method {
	case http.MethodGet:
		return endpoint{core.ReadRegistry, h.get}, true
	case http.MethodPut:
		return endpoint{core.WriteRegistry, h.put}, true
	case http.MethodDelete:
		return endpoint{core.WriteRegistry, h.delete}, true
	}
	return endpoint{}, false
}

// ServeHTTP routes, authorizes and serves one call.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
	h.serve(rec, r)
	h.log.Debug("https request", "method", r.Method, "path", r.URL.Path, "status", rec.status)
}

func (h *Handler) serve(w http.ResponseWriter, r *http.Request) {
	rt, err := parseRoute(r.URL.EscapedPath())
	if err != nil {
		writeCode(w, http.StatusNotFound, codeNotFound, err.Error())
		return
	}
	ep, ok := h.endpoint(r.Method, rt)
	if !ok {
		writeCode(w, http.StatusMethodNotAllowed, codeMethodNotAllowed, r.Method+" is not allowed on "+r.URL.Path)
		return
	}
	if err := h.authorize(r, ep.op, rt.deviceID); err != nil {
		writeError(w, err)
		return
	}
	ep.handle(w, r, rt)
}

// authorize checks the SAS token of the Authorization header for op.
func (h *Handler) authorize(r *http.Request, op core.Operation, deviceID string) error {
	token := strings.TrimSpace(r.Header.Get("Authorization"))
	if token == "" {
		return &core.AuthError{Reason: core.AuthMalformed, Detail: "the Authorization header with a SAS token is missing"}
	}
	id, err := h.hub.Authenticate(token)
	if err != nil {
		return err
	}
	return h.hub.Authorize(id, op, deviceID)
}

// readBody reads at most maxBody bytes.
func readBody(w http.ResponseWriter, r *http.Request) ([]byte, error) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
	var tooLarge *http.MaxBytesError
	if errors.As(err, &tooLarge) {
		return nil, &core.Error{Code: core.CodeMessageTooLarge, Message: "the request body exceeds 1 MiB"}
	}
	if err != nil {
		return nil, badRequest("cannot read the request body: %v", err)
	}
	return body, nil
}

// statusRecorder remembers the status for the log line.
type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (s *statusRecorder) WriteHeader(code int) {
	s.status = code
	s.ResponseWriter.WriteHeader(code)
}

package steps

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/hubspec/hubspec/runner"
)

// sendFields are the fields a send's table may set, besides "property NAME".
var sendFields = []string{"messageId", "correlationId", "contentType", "contentEncoding", "ack", "ttl", "expiry", "outcome",
	"body", "body json", "body base64", "body file"}

// sendField sets one field of a send from a table row.
func (c *call) sendField(s *runner.Send, e entry) {
	key, v := e.key, e.val
	if name, ok := strings.CutPrefix(key, "property "); ok {
		c.properties(s, []entry{{key: strings.TrimSpace(name), val: v}})
		return
	}
	canon, ok := fold(strings.Join(strings.Fields(key), " "), sendFields)
	if !ok {
		c.problemAt(v.at, "unknown message field %q%s (fields: %s, property NAME)", key, suggestWord(key, sendFields), strings.Join(sendFields, ", "))
		return
	}
	s.Keys[keyOf(canon)] = v.at
	c.setSendField(s, canon, v)
}

// keyOf is the field's name as runner.Check names it in KeyPos.
func keyOf(field string) string {
	if strings.HasPrefix(field, "body") {
		return "body"
	}
	return field
}

func (c *call) setSendField(s *runner.Send, field string, v value) {
	switch field {
	case "messageId":
		s.MessageID = c.template(field, v, runner.MessagePlaces)
	case "correlationId":
		s.CorrelationID = c.template(field, v, runner.MessagePlaces)
	case "contentType":
		s.ContentType = v.text
	case "contentEncoding":
		s.ContentEncoding = v.text
	case "ack":
		s.Ack, _ = enumValue(c, field, v, runner.AckModes)
	case "ttl":
		s.TTL = c.duration(v)
	case "expiry":
		s.Expiry = c.timestamp(v)
	case "outcome":
		s.Outcome, _ = enumValue(c, field, v, runner.SendOutcomes)
	default:
		s.Body = c.body(strings.TrimSpace(strings.TrimPrefix(field, "body")), v)
	}
}

// properties adds application properties from name and value pairs; values are
// templates.
func (c *call) properties(s *runner.Send, entries []entry) {
	for i, e := range entries {
		if i == 0 {
			if _, ok := s.Keys["properties"]; !ok {
				s.Keys["properties"] = e.val.at
			}
		}
		s.Properties = append(s.Properties, runner.Property{Name: e.key, Value: c.template("property "+e.key, e.val, runner.MessagePlaces)})
	}
}

func (c *call) timestamp(v value) time.Time {
	t, err := time.Parse(time.RFC3339, strings.TrimSpace(v.text))
	if err != nil {
		c.problemAt(v.at, "expiry: want an RFC 3339 time such as 2030-01-02T15:04:05Z, got %q", v.raw)
	}
	return t
}

// docBody sets a send's body from the step's doc string.
func (c *call) docBody(s *runner.Send) {
	doc := c.step.doc
	v, ok := c.value(doc.at, doc.content)
	if !ok {
		return
	}
	s.Keys["body"] = doc.at
	kind := strings.ToLower(strings.TrimSpace(doc.mediaType))
	if kind != "json" && kind != "base64" {
		kind = "" // text, whatever the doc string says it is
	}
	s.Body = c.body(kind, v)
}

// body reads a body: text (kind ""), json (sent compact), base64 or a file.
func (c *call) body(kind string, v value) []byte {
	switch kind {
	case "json":
		var buf bytes.Buffer
		if err := json.Compact(&buf, []byte(v.text)); err != nil {
			c.problemAt(v.at, "body json: not JSON: %s", c.explain(v, err))
		}
		return buf.Bytes()
	case "base64":
		b, err := base64.StdEncoding.DecodeString(strings.Join(strings.Fields(v.text), ""))
		if err != nil {
			c.problemAt(v.at, "body base64: not standard base64: %s", c.explain(v, err))
		}
		return b
	case "file":
		return c.bodyFile(v)
	}
	return []byte(v.text)
}

// MaxBodyFile bounds a body file, as the YAML front end does.
const MaxBodyFile = 1 << 20

// bodyFile reads a body file, relative to the feature file's folder.
func (c *call) bodyFile(v value) []byte {
	path := filepath.FromSlash(strings.TrimSpace(v.text))
	if !filepath.IsAbs(path) {
		path = filepath.Join(filepath.Dir(c.b.file), path)
	}
	read := c.b.opts.ReadFile
	if read == nil {
		read = func(name string) ([]byte, error) { return readLimited(name, MaxBodyFile) }
	}
	b, err := read(path)
	switch {
	case err != nil:
		c.problemAt(v.at, "body file %q: %v", v.raw, unwrapPath(err))
	case len(b) > MaxBodyFile:
		c.problemAt(v.at, "body file %q is over %d bytes", v.raw, MaxBodyFile)
	default:
		return b
	}
	return nil
}

// readLimited reads at most limit bytes of a file, failing when it is larger.
func readLimited(path string, limit int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("the file is over %d bytes", limit)
	}
	return data, nil
}

// unwrapPath drops the path from an *os.PathError: the problem names the file.
func unwrapPath(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

package scenario

import (
	"bytes"
	"encoding/json"
	"strings"

	"gopkg.in/yaml.v3"
)

// maxDepth bounds the nesting of a JSON value written in YAML.
const maxDepth = 64

// jsonBytes encodes a YAML value as JSON, keeping the order of mapping keys and
// expanding ${VAR}s in text.
func (d *decoder) jsonBytes(n *yaml.Node, key string) ([]byte, bool) {
	var buf bytes.Buffer
	if !d.writeJSON(&buf, n, key, 0) {
		return nil, false
	}
	return buf.Bytes(), true
}

// jsonValue is the YAML value as encoding/json decodes the JSON it encodes to.
func (d *decoder) jsonValue(n *yaml.Node, key string) (any, bool) {
	b, ok := d.jsonBytes(n, key)
	if !ok {
		return nil, false
	}
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		d.errorf(n, "%s: not JSON: %v", key, err)
		return nil, false
	}
	return v, true
}

func (d *decoder) writeJSON(buf *bytes.Buffer, n *yaml.Node, key string, depth int) bool {
	n = resolve(n)
	d.budget--
	if d.budget < 0 || depth > maxDepth {
		d.errorf(n, "%s: the value is too large or nested more than %d deep", key, maxDepth)
		d.budget = -1 << 30 // report once
		return false
	}
	switch n.Kind {
	case yaml.MappingNode:
		return d.writeJSONObject(buf, n, key, depth)
	case yaml.SequenceNode:
		buf.WriteByte('[')
		for i, item := range n.Content {
			if i > 0 {
				buf.WriteByte(',')
			}
			if !d.writeJSON(buf, item, key, depth+1) {
				return false
			}
		}
		buf.WriteByte(']')
		return true
	}
	return d.writeJSONScalar(buf, n, key)
}

func (d *decoder) writeJSONObject(buf *bytes.Buffer, n *yaml.Node, key string, depth int) bool {
	buf.WriteByte('{')
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := resolve(n.Content[i])
		if k.Kind != yaml.ScalarNode {
			d.errorf(k, "%s: a JSON object key must be text, not %s", key, describe(k))
			return false
		}
		if i > 0 {
			buf.WriteByte(',')
		}
		name, _ := json.Marshal(k.Value)
		buf.Write(name)
		buf.WriteByte(':')
		if !d.writeJSON(buf, n.Content[i+1], key, depth+1) {
			return false
		}
	}
	buf.WriteByte('}')
	return true
}

// writeJSONScalar writes a scalar as YAML types it (number, true/false, null, text);
// text holding a ${VAR} is expanded and stays text.
func (d *decoder) writeJSONScalar(buf *bytes.Buffer, n *yaml.Node, key string) bool {
	var v any
	if strings.Contains(n.Value, "${") {
		s, _, ok := d.text(n, key, "a value")
		if !ok {
			return false
		}
		v = s
	} else if err := n.Decode(&v); err != nil {
		d.errorf(n, "%s: %v", key, err)
		return false
	}
	b, err := json.Marshal(v)
	if err != nil {
		d.errorf(n, "%s: %s cannot be written as JSON", key, describe(n))
		return false
	}
	buf.Write(b)
	return true
}

package scenario

import (
	"encoding/base64"
	"path/filepath"
	"strings"

	"gopkg.in/yaml.v3"
)

// body decodes a message body: text, or a mapping with one of text, json, base64 or
// file (a path relative to the scenario file).
func (d *decoder) body(n *yaml.Node) []byte {
	if n.Kind != yaml.MappingNode {
		v, _, _ := d.text(n, "body", "text or a mapping with text, json, base64 or file")
		return []byte(v)
	}
	f := d.fields(n, "body", bodyKeys)
	switch which := f.oneOf(bodyKeys...); which {
	case "text":
		return []byte(f.str("text"))
	case "json":
		b, _ := d.jsonBytes(f.vals["json"], "json")
		return b
	case "base64":
		return d.base64(f.vals["base64"])
	case "file":
		return d.bodyFile(f.vals["file"])
	}
	return nil
}

func (d *decoder) base64(n *yaml.Node) []byte {
	v, _, ok := d.text(n, "base64", "base64 text")
	if !ok {
		return nil
	}
	b, err := base64.StdEncoding.DecodeString(strings.Join(strings.Fields(v), ""))
	if err != nil {
		d.errorf(n, "base64: not standard base64: %v", err)
	}
	return b
}

func (d *decoder) bodyFile(n *yaml.Node) []byte {
	v, raw, ok := d.text(n, "file", "a file path")
	if !ok {
		return nil
	}
	path := filepath.FromSlash(v)
	if !filepath.IsAbs(path) {
		path = filepath.Join(d.dir, path)
	}
	read := d.opts.ReadFile
	if read == nil {
		read = func(name string) ([]byte, error) { return readLimited(name, MaxBodyFile) }
	}
	b, err := read(path)
	if err != nil {
		d.errorf(n, "file: %q: %v", raw, unwrapPath(err))
		return nil
	}
	if len(b) > MaxBodyFile {
		d.errorf(n, "file: %q is over %d bytes", raw, MaxBodyFile)
		return nil
	}
	return b
}

package amqpserver

import (
	"fmt"
	"net/url"
	"strings"
)

// Mux routes link addresses to nodes. A pattern is an exact address ("$cbs",
// "/messages/devicebound") or has {name} segments that match one path segment
// each ("/devices/{id}/messages/devicebound"). Addresses are normalised with
// NormalizeAddress and compared case-insensitively; the value of a {name}
// segment keeps its case and is URL-decoded. Exact patterns win over the
// others, which are tried in the order they were added.
//
// Handle is meant for setup; Match may be called from many connections at once
// as long as no Handle call runs at the same time.
type Mux struct {
	exact    map[string]Node
	patterns []pattern
}

type pattern struct {
	text     string
	segments []string // lower-case literals, or "" for a {name} segment
	names    []string // the name of each {name} segment, "" for literals
	node     Node
}

// PathValue is the value of one {name} segment in a matched address.
type PathValue struct{ Name, Value string }

// NewMux returns an empty Mux.
func NewMux() *Mux { return &Mux{exact: map[string]Node{}} }

// Handle adds a node at a pattern. It panics on an empty pattern, a nil node
// or a pattern added twice, which are programming errors.
func (m *Mux) Handle(pat string, n Node) {
	if pat == "" || n == nil {
		panic("amqpserver: Mux.Handle needs a pattern and a node")
	}
	norm := strings.ToLower(NormalizeAddress(pat))
	if !strings.Contains(norm, "{") {
		if _, dup := m.exact[norm]; dup {
			panic(fmt.Sprintf("amqpserver: pattern %q added twice", pat))
		}
		m.exact[norm] = n
		return
	}
	m.patterns = append(m.patterns, parsePattern(pat, norm, n))
}

func parsePattern(text, norm string, n Node) pattern {
	p := pattern{text: text, node: n}
	for _, seg := range strings.Split(norm, "/") {
		name := ""
		if strings.HasPrefix(seg, "{") && strings.HasSuffix(seg, "}") && len(seg) > 2 {
			name, seg = seg[1:len(seg)-1], ""
		}
		p.segments = append(p.segments, seg)
		p.names = append(p.names, name)
	}
	return p
}

// Match returns the node for an address and the values of its {name}
// segments.
func (m *Mux) Match(address string) (Node, []PathValue, bool) {
	norm := NormalizeAddress(address)
	if n, ok := m.exact[strings.ToLower(norm)]; ok {
		return n, nil, true
	}
	segs := strings.Split(norm, "/")
	for _, p := range m.patterns {
		if vals, ok := p.match(segs); ok {
			return p.node, vals, true
		}
	}
	return nil, nil, false
}

func (p pattern) match(segs []string) ([]PathValue, bool) {
	if len(segs) != len(p.segments) {
		return nil, false
	}
	var vals []PathValue
	for i, seg := range segs {
		if p.names[i] == "" {
			if !strings.EqualFold(seg, p.segments[i]) {
				return nil, false
			}
			continue
		}
		if seg == "" {
			return nil, false
		}
		vals = append(vals, PathValue{Name: p.names[i], Value: unescapeSegment(seg)})
	}
	return vals, true
}

// unescapeSegment URL-decodes a path segment (.NET encodes device ids with
// WebUtility.UrlEncode, Node with encodeURIComponent); a segment that is not
// valid escaping is kept as it is, since '%' may appear in device ids.
func unescapeSegment(seg string) string {
	v, err := url.PathUnescape(seg)
	if err != nil {
		return seg
	}
	return v
}

// NormalizeAddress strips a leading "amqps://host[:port]" (or "amqp://…") from a
// link address, as .NET and C clients send absolute addresses.
func NormalizeAddress(addr string) string {
	lower := strings.ToLower(addr)
	for _, scheme := range []string{"amqps://", "amqp://"} {
		if strings.HasPrefix(lower, scheme) {
			rest := addr[len(scheme):]
			if i := strings.IndexByte(rest, '/'); i >= 0 {
				return rest[i:]
			}
			return ""
		}
	}
	return addr
}

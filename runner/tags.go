package runner

import (
	"fmt"
	"strings"
)

// TagExpr is a --tags expression: tags combined with and, or, not and parentheses.
// Both spellings work: cucumber's "@smoke and not @slow" and godog's "@smoke && ~@slow"
// (also "||", "!" and "," for or). The @ before a tag is optional. The zero TagExpr
// (from an empty expression) matches every scenario.
type TagExpr struct {
	root *tagNode
}

type tagNode struct {
	op   string // "tag", "and", "or", "not"
	tag  string
	l, r *tagNode
}

// maxTagDepth bounds the nesting of a tag expression.
const maxTagDepth = 64

// ParseTagExpr reads a --tags expression.
func ParseTagExpr(expr string) (TagExpr, error) {
	p := &tagParser{toks: tagTokens(expr)}
	if len(p.toks) == 0 {
		return TagExpr{}, nil
	}
	root, err := p.or(0)
	if err == nil && p.pos < len(p.toks) {
		err = fmt.Errorf("unexpected %q", p.toks[p.pos])
	}
	if err != nil {
		return TagExpr{}, fmt.Errorf("--tags %q: %w", expr, err)
	}
	return TagExpr{root: root}, nil
}

// Match reports whether a scenario with these tags is selected.
func (e TagExpr) Match(tags []string) bool {
	if e.root == nil {
		return true
	}
	set := make(map[string]bool, len(tags))
	for _, t := range tags {
		set[NormalizeTag(t)] = true
	}
	return e.root.eval(set)
}

func (n *tagNode) eval(set map[string]bool) bool {
	switch n.op {
	case "and":
		return n.l.eval(set) && n.r.eval(set)
	case "or":
		return n.l.eval(set) || n.r.eval(set)
	case "not":
		return !n.l.eval(set)
	}
	return set[n.tag]
}

// NormalizeTag drops the @ a tag may be written with.
func NormalizeTag(tag string) string { return strings.TrimPrefix(tag, "@") }

func tagTokens(expr string) []string {
	var toks []string
	for i := 0; i < len(expr); {
		c := expr[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			i++
		case strings.HasPrefix(expr[i:], "&&") || strings.HasPrefix(expr[i:], "||"):
			toks = append(toks, expr[i:i+2])
			i += 2
		case strings.IndexByte("()~!,&|", c) >= 0:
			toks = append(toks, expr[i:i+1])
			i++
		default:
			j := i + 1
			for j < len(expr) && strings.IndexByte(" \t\n\r()~!,&|", expr[j]) < 0 {
				j++
			}
			toks = append(toks, expr[i:j])
			i = j
		}
	}
	return toks
}

type tagParser struct {
	toks []string
	pos  int
}

func (p *tagParser) peek() string {
	if p.pos < len(p.toks) {
		return p.toks[p.pos]
	}
	return ""
}

func (p *tagParser) or(depth int) (*tagNode, error) {
	return p.binary(depth, "or", map[string]bool{"or": true, "||": true, ",": true}, p.and)
}

func (p *tagParser) and(depth int) (*tagNode, error) {
	return p.binary(depth, "and", map[string]bool{"and": true, "&&": true}, p.not)
}

func (p *tagParser) binary(depth int, op string, ops map[string]bool, next func(int) (*tagNode, error)) (*tagNode, error) {
	l, err := next(depth)
	for err == nil && ops[p.peek()] {
		p.pos++
		var r *tagNode
		r, err = next(depth)
		l = &tagNode{op: op, l: l, r: r}
	}
	return l, err
}

func (p *tagParser) not(depth int) (*tagNode, error) {
	if depth > maxTagDepth {
		return nil, fmt.Errorf("nested more than %d deep", maxTagDepth)
	}
	switch tok := p.peek(); tok {
	case "not", "~", "!":
		p.pos++
		operand, err := p.not(depth + 1)
		return &tagNode{op: "not", l: operand}, err
	case "(":
		p.pos++
		inner, err := p.or(depth + 1)
		if err == nil && p.peek() != ")" {
			err = fmt.Errorf("missing )")
		}
		p.pos++
		return inner, err
	case "", ")", "and", "or", "&&", "||", ",", "&", "|":
		return nil, fmt.Errorf("expected a tag, got %s", describeTok(tok))
	default:
		p.pos++
		if NormalizeTag(tok) == "" {
			return nil, fmt.Errorf("@ without a tag name")
		}
		return &tagNode{op: "tag", tag: NormalizeTag(tok)}, nil
	}
}

func describeTok(tok string) string {
	if tok == "" {
		return "the end"
	}
	return fmt.Sprintf("%q", tok)
}

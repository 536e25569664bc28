package amqpwire

import (
	"encoding/hex"
	"fmt"
	"strings"
)

// hx turns a readable byte listing into bytes: hex pairs separated by any
// whitespace, and "quoted" runs of ASCII, as the spec's frame dumps are
// written: hx(`a1 09 "localhost"`).
func hx(s string) []byte {
	var out []byte
	for i := 0; i < len(s); {
		switch c := s[i]; {
		case c == ' ' || c == '\n' || c == '\t':
			i++
		case c == '"':
			end := strings.IndexByte(s[i+1:], '"')
			out = append(out, s[i+1:i+1+end]...)
			i += end + 2
		default:
			b, err := hex.DecodeString(s[i : i+2])
			if err != nil {
				panic(fmt.Sprintf("hx: bad hex %q at %d", s[i:i+2], i))
			}
			out = append(out, b...)
			i += 2
		}
	}
	return out
}

// repeat returns n copies of b.
func repeat(b byte, n int) []byte { return []byte(strings.Repeat(string([]byte{b}), n)) }

package amqpwire

import "time"

// fieldWriter encodes the fields of a described list and leaves trailing nulls
// off, so a performative takes the fewest bytes its values allow.
type fieldWriter struct {
	b       []byte
	start   int
	n       int // fields written
	count   int // fields up to the last non-null one
	lastEnd int
	err     error // the first value that could not be encoded
}

// beginFields writes the descriptor and a placeholder list header.
func beginFields(b []byte, desc uint64) fieldWriter {
	b = appendDescriptor(b, desc)
	w := fieldWriter{start: len(b)}
	w.b = beginCompound(b, codeList32, 0)
	w.lastEnd = len(w.b)
	return w
}

// end trims trailing nulls and writes the most compact list header.
func (w *fieldWriter) end() ([]byte, error) {
	return w.compact(), w.err
}

func (w *fieldWriter) compact() []byte {
	b := w.b[:w.lastEnd]
	if w.count == 0 {
		return append(b[:w.start], codeList0)
	}
	b[w.start+5], b[w.start+6], b[w.start+7], b[w.start+8] = byte(w.count>>24), byte(w.count>>16), byte(w.count>>8), byte(w.count)
	return compactCompound(b, w.start, codeList8)
}

func (w *fieldWriter) null() {
	w.b = append(w.b, codeNull)
	w.n++
}

// set marks the field just written as present.
func (w *fieldWriter) set() {
	w.n++
	w.count = w.n
	w.lastEnd = len(w.b)
}

func (w *fieldWriter) str(s string) {
	if s == "" {
		w.null()
		return
	}
	w.b = appendString(w.b, s)
	w.set()
}

func (w *fieldWriter) sym(s Symbol) {
	if s == "" {
		w.null()
		return
	}
	w.b = appendSymbol(w.b, s)
	w.set()
}

// bin writes binary; nil is null, an empty non-nil slice is empty binary.
func (w *fieldWriter) bin(v []byte) {
	if v == nil {
		w.null()
		return
	}
	w.b = appendBinary(w.b, v)
	w.set()
}

func (w *fieldWriter) uint(v uint32) {
	w.b = appendUint(w.b, v)
	w.set()
}

func (w *fieldWriter) optUint(o Optional[uint32]) {
	if !o.Set {
		w.null()
		return
	}
	w.uint(o.Value)
}

// uintDef writes v, or null when v is the field's default.
func (w *fieldWriter) uintDef(v, def uint32) {
	if v == def {
		w.null()
		return
	}
	w.uint(v)
}

func (w *fieldWriter) ulong(v uint64) {
	w.b = appendUlong(w.b, v)
	w.set()
}

func (w *fieldWriter) ushortDef(v, def uint16) {
	if v == def {
		w.null()
		return
	}
	w.b = appendUshort(w.b, v)
	w.set()
}

func (w *fieldWriter) ubyteDef(v, def uint8) {
	if v == def {
		w.null()
		return
	}
	w.b = appendUbyte(w.b, v)
	w.set()
}

// flag writes a boolean that defaults to false.
func (w *fieldWriter) flag(v bool) {
	if !v {
		w.null()
		return
	}
	w.b = appendBool(w.b, true)
	w.set()
}

// boolean writes a boolean that is always present.
func (w *fieldWriter) boolean(v bool) {
	w.b = appendBool(w.b, v)
	w.set()
}

func (w *fieldWriter) syms(s []Symbol) {
	if len(s) == 0 {
		w.null()
		return
	}
	w.b = appendSymbols(w.b, s)
	w.set()
}

// put takes the result of a nested encoder; on error the field is null.
func (w *fieldWriter) put(b []byte, err error) {
	if err != nil {
		if w.err == nil {
			w.err = err
		}
		w.null()
		return
	}
	w.b = b
	w.set()
}

// mapv writes a map; a nil map is null, a non-nil empty map is an empty map.
func (w *fieldWriter) mapv(m Map) {
	if m == nil {
		w.null()
		return
	}
	w.put(appendMap(w.b, m, 1))
}

// value writes any value; nil is null.
func (w *fieldWriter) value(v any) {
	if v == nil {
		w.null()
		return
	}
	w.put(AppendValue(w.b, v))
}

// error writes an AMQP error or null.
func (w *fieldWriter) error(e *Error) {
	if e == nil {
		w.null()
		return
	}
	w.put(appendError(w.b, e))
}

// state writes a delivery state or null.
func (w *fieldWriter) state(s DeliveryState) {
	if s == nil {
		w.null()
		return
	}
	w.put(s.appendState(w.b))
}

// timestamp writes a timestamp; the zero time is null.
func (w *fieldWriter) timestamp(t time.Time) {
	if t.IsZero() {
		w.null()
		return
	}
	w.b = appendTimestamp(w.b, t)
	w.set()
}

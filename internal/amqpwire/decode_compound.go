package amqpwire

// compound reads the size and count of a list, map or array and narrows the
// decoder to its bytes. It returns the count and the outer end to restore.
func (d *decoder) compound(wide bool, what string) (count int, outerEnd int, ok bool) {
	var size uint32
	if wide {
		size = d.u32()
	} else {
		size = uint32(d.u8())
	}
	if d.err != nil {
		return 0, 0, false
	}
	if uint64(size) > uint64(d.remaining()) {
		d.fail("%s of %d bytes, %d left", what, size, d.remaining())
		return 0, 0, false
	}
	outerEnd = d.end
	d.end = d.off + int(size)
	var n uint32
	if wide {
		n = d.u32()
	} else {
		n = uint32(d.u8())
	}
	if d.err == nil && uint64(n) > uint64(d.remaining()) {
		d.fail("%s of %d elements in %d bytes", what, n, d.remaining())
	}
	if d.err != nil {
		d.end = outerEnd
		return 0, 0, false
	}
	return int(n), outerEnd, true
}

// closeCompound checks that the elements filled the compound exactly and widens
// the decoder again.
func (d *decoder) closeCompound(outerEnd int, what string) {
	if d.err == nil && d.off != d.end {
		d.fail("%s has %d bytes after its last element", what, d.end-d.off)
	}
	d.end = outerEnd
}

func (d *decoder) list(wide bool) any {
	if !d.enter() {
		return nil
	}
	defer d.leave()
	n, outer, ok := d.compound(wide, "list")
	if !ok {
		return nil
	}
	l := make([]any, 0, n)
	for i := 0; i < n && d.err == nil; i++ {
		l = append(l, d.value())
	}
	d.closeCompound(outer, "list")
	if d.err != nil {
		return nil
	}
	return l
}

func (d *decoder) mapValue(wide bool) any {
	if !d.enter() {
		return nil
	}
	defer d.leave()
	n, outer, ok := d.compound(wide, "map")
	if !ok {
		return nil
	}
	if n%2 != 0 {
		d.fail("map with an odd number of elements (%d)", n)
	}
	m := make(Map, 0, n/2)
	for i := 0; i < n/2 && d.err == nil; i++ {
		k := d.value()
		m = append(m, KeyValue{Key: k, Value: d.value()})
	}
	d.closeCompound(outer, "map")
	if d.err != nil {
		return nil
	}
	return m
}

func (d *decoder) array(wide bool) any {
	if !d.enter() {
		return nil
	}
	defer d.leave()
	n, outer, ok := d.compound(wide, "array")
	if !ok {
		return nil
	}
	desc, code := d.arrayConstructor()
	if d.err == nil && n > d.remaining() {
		d.fail("array of %d elements in %d bytes", n, d.remaining())
	}
	a := make(Array, 0, min(n, d.remaining()))
	for i := 0; i < n && d.err == nil; i++ {
		v := d.body(code)
		if desc != nil {
			v = Described{Descriptor: desc, Value: v}
		}
		a = append(a, v)
	}
	d.closeCompound(outer, "array")
	if d.err != nil {
		return nil
	}
	return a
}

// arrayConstructor reads the element constructor of an array: a format code,
// optionally preceded by one descriptor.
func (d *decoder) arrayConstructor() (desc any, code byte) {
	code = d.u8()
	if code != codeDescribed {
		return nil, code
	}
	desc = d.descriptor()
	code = d.u8()
	if code == codeDescribed {
		d.fail("array element constructor with nested descriptors")
	}
	return desc, code
}

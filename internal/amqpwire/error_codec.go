package amqpwire

// appendError encodes an AMQP error; a nil error is null.
func appendError(b []byte, e *Error) ([]byte, error) {
	if e == nil {
		return appendNull(b), nil
	}
	w := beginFields(b, descError)
	w.sym(Symbol(e.Condition))
	w.str(e.Description)
	w.mapv(e.Info)
	return w.end()
}

// readError decodes an AMQP error or null.
func (d *decoder) readError() *Error {
	code, ok := d.readDescribed()
	if !ok {
		return nil
	}
	if code != descError {
		d.fail("expected an error (0x1d), got descriptor 0x%x", code)
		return nil
	}
	e := &Error{}
	f := d.fields("error")
	var present bool
	if f.next("condition") {
		var c Symbol
		c, present = d.readSymbol()
		e.Condition = Condition(c)
	}
	f.mandatory("condition", present)
	if f.next("description") {
		e.Description, _ = d.readString()
	}
	if f.next("info") {
		e.Info = d.readMap()
	}
	f.close()
	return e
}

package selfsend

// Post hands msg to the mailbox's goroutine.
func (m *Mailbox) Post(msg string) {
	m.inbox <- msg // want "goroutine `run` blocks forever sending on `m.inbox`: it is the only goroutine that receives from `inbox`, and it makes this send itself \(through `dispatch` -> `Post`\)"
}

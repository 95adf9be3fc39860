package bus

func (b *Bus) dispatch(h Handler, e Envelope) {
	answer := h(e)
	b.mu.Lock()
	reply, ok := b.pending[e.ReplyTo]
	delete(b.pending, e.ReplyTo)
	b.mu.Unlock()
	if ok {
		reply <- answer // leak: the requester timed out and left; nobody receives this reply
	}
}

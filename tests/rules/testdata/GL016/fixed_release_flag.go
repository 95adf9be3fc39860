package fixedreleaseflag

import "sync"

// Handle's readAt may let go of the lock around the slow read when asked to, and
// takes it back under the same condition.
type Handle struct {
	mu   sync.Mutex
	data []byte
}

func (h *Handle) readAt(b []byte, off int, release bool) int {
	snapshot := h.data
	if release {
		h.mu.Unlock()
	}
	n := copy(b, snapshot[off:])
	if release {
		h.mu.Lock()
	}
	return n
}

func (h *Handle) ReadAt(b []byte, off int) int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.readAt(b, off, true)
}

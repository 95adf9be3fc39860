package fixedheldflag

import "sync"

// Rows reads a result set; Scan may keep the read lock while the caller still uses
// the bytes it handed out, and records that in holding. Next releases it.
type Rows struct {
	closemu sync.RWMutex
	holding bool
	raw     []byte
	closed  bool
}

func (r *Rows) Scan(dst *[]byte, borrow bool) error {
	if r.holding {
		return errTwice
	}
	r.closemu.RLock()
	*dst = r.raw
	if borrow {
		r.holding = true // released by the next Next or Close
	} else {
		r.closemu.RUnlock()
	}
	return nil
}

func (r *Rows) Next() bool {
	if r.holding {
		r.holding = false
		r.closemu.RUnlock()
	}
	r.closemu.RLock()
	defer r.closemu.RUnlock()
	return !r.closed
}

func (r *Rows) Close() {
	r.closemu.Lock()
	r.closed = true
	r.closemu.Unlock()
}

type scanError string

func (e scanError) Error() string { return string(e) }

const errTwice = scanError("scan called twice without next")

package flagneverchecked

import "sync"

// Reporter is the package's own error sink: its Fatal returns like any method.
type Reporter interface {
	Fatal(args ...any)
}

// Rows sets busy when it keeps the lock, but nothing unlocks on seeing busy.
type Rows struct {
	mu   sync.Mutex
	busy bool
	raw  []byte
	rep  Reporter
}

func (r *Rows) Scan(dst *[]byte, borrow bool) {
	r.mu.Lock() // want "`r.mu` stays locked when `Scan` returns at line 23"
	*dst = r.raw
	if borrow {
		r.busy = true
		return
	}
	r.mu.Unlock()
}

func (r *Rows) Reset() {
	if r.busy {
		r.busy = false
	}
	r.raw = nil
}

func (r *Rows) Check(n int) {
	r.mu.Lock() // want "`r.mu` stays locked when `Check` ends"
	if n < 0 {
		r.rep.Fatal("negative")
	} else {
		r.mu.Unlock()
	}
}

package rollbackgathered

import (
	"errors"
	"sync"
)

// run: y := NewYard(3); _ = y.Reserve([]int{1}); _ = y.Reserve([]int{0, 1}); go func() { _ = y.Reserve([]int{1}) }()

var errTaken = errors.New("track taken")

type track struct {
	mu    sync.Mutex
	taken bool
}

// Yard reserves tracks for shunting, several at once, all or none.
type Yard struct{ tracks []*track }

func NewYard(n int) *Yard {
	y := &Yard{}
	for i := 0; i < n; i++ {
		y.tracks = append(y.tracks, &track{})
	}
	return y
}

func unlockAll(ts []*track) {
	for _, t := range ts {
		t.mu.Unlock()
	}
}

// Reserve takes every track in ids, or none of them.
func (y *Yard) Reserve(ids []int) error {
	held := make([]*track, 0, len(ids))
	for _, id := range ids {
		t := y.tracks[id]
		t.mu.Lock() // want "`t.mu` stays locked when `Reserve` returns at line 42: `unlockAll\(held\)` releases only the elements before the one just locked"
		if t.taken {
			unlockAll(held)
			return errTaken
		}
		held = append(held, t)
	}
	for _, t := range held {
		t.taken = true
	}
	unlockAll(held)
	return nil
}

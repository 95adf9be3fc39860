package fixedrollbackgathered

import (
	"errors"
	"sync"
)

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
		t.mu.Lock()
		held = append(held, t)
		if t.taken {
			unlockAll(held)
			return errTaken
		}
	}
	for _, t := range held {
		t.taken = true
	}
	unlockAll(held)
	return nil
}

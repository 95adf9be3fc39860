package seedbank

import (
	"context"
	"sort"
)

func (b *Bank) markDirty() {
	select {
	case b.dirty <- struct{}{}:
	default:
	}
}

func (b *Bank) persistLoop(ctx context.Context) {
	defer close(b.done)
	for {
		select {
		case <-b.dirty:
			b.persist(ctx)
		case <-b.stop:
			b.persist(ctx)
			return
		case <-ctx.Done():
			return
		}
	}
}

func (b *Bank) snapshot() Snapshot {
	s := Snapshot{Taken: b.cfg.Now()}
	for _, a := range b.accessions {
		cp := *a
		if a.LastResult != nil {
			r := *a.LastResult
			cp.LastResult = &r
		}
		s.Accessions = append(s.Accessions, cp)
	}
	for n := range b.trials {
		s.Open = append(s.Open, n)
	}
	sort.Slice(s.Accessions, func(i, j int) bool { return s.Accessions[i].Number < s.Accessions[j].Number })
	sort.Strings(s.Open)
	return s
}

func (b *Bank) persist(ctx context.Context) {
	b.mu.Lock()
	s := b.snapshot()
	b.mu.Unlock()
	if err := b.store.Save(ctx, s); err != nil {
		b.log.Printf("snapshot: %v", err)
	}
}

package replica

import (
	"fmt"
	"hash/fnv"
	"sync"
)

// shardOf maps a key to the shard its entries are applied on.
func (f *Follower) shardOf(key string) int {
	h := fnv.New32a()
	h.Write([]byte(key))
	return int(h.Sum32() % uint32(f.shards))
}

// applyBatch applies batch, one goroutine per shard that has entries in it.
// A shard that fails stops at the failing entry; the others carry on, and
// the whole batch is fetched again later. Entries a shard has already
// applied on an earlier attempt are skipped.
func (f *Follower) applyBatch(batch []Entry) error {
	byShard := make(map[int][]Entry)
	for _, e := range batch {
		s := f.shardOf(e.Key)
		byShard[s] = append(byShard[s], e)
	}

	var wg sync.WaitGroup
	errs := make([]error, f.shards)
	for shard, entries := range byShard {
		pending := f.unapplied(shard, entries)
		if len(pending) == 0 {
			continue
		}
		wg.Add(1)
		go func(shard int, entries []Entry) {
			defer wg.Done()
			for _, e := range entries {
				if err := f.sm.Apply(e); err != nil {
					errs[shard] = fmt.Errorf("apply entry %d on shard %d: %w", e.Index, shard, err)
					return
				}
				f.mu.Lock()
				f.shardMark[shard] = e.Index
				f.mu.Unlock()
			}
		}(shard, pending)
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// unapplied drops the entries that shard has already applied.
func (f *Follower) unapplied(shard int, entries []Entry) []Entry {
	f.mu.Lock()
	mark := f.shardMark[shard]
	f.mu.Unlock()
	for i, e := range entries {
		if e.Index > mark {
			return entries[i:]
		}
	}
	return nil
}

package artifactcache

import "container/list"

// entry is one artifact held in memory.
type entry struct {
	digest   Digest
	data     []byte
	uploaded bool // the remote store is known to have this artifact
}

// lru is a size-bounded least-recently-used index of artifacts. It is not
// safe for concurrent use; Cache guards it with its mutex.
type lru struct {
	maxBytes int64
	size     int64
	ll       *list.List
	items    map[Digest]*list.Element
	onEvict  func(d Digest, size int64)
}

func newLRU(maxBytes int64, onEvict func(Digest, int64)) *lru {
	return &lru{
		maxBytes: maxBytes,
		ll:       list.New(),
		items:    make(map[Digest]*list.Element),
		onEvict:  onEvict,
	}
}

// get returns the entry for d and marks it most recently used.
func (l *lru) get(d Digest) (*entry, bool) {
	el, ok := l.items[d]
	if !ok {
		return nil, false
	}
	l.ll.MoveToFront(el)
	return el.Value.(*entry), true
}

// add inserts or refreshes an entry and evicts old ones until the cache fits
// its budget. Entries in pinned are never evicted.
func (l *lru) add(e *entry, pinned map[Digest]*upload) {
	if el, ok := l.items[e.digest]; ok {
		l.ll.MoveToFront(el)
		return
	}
	l.items[e.digest] = l.ll.PushFront(e)
	l.size += int64(len(e.data))
	l.evict(pinned)
}

func (l *lru) evict(pinned map[Digest]*upload) {
	for el := l.ll.Back(); el != nil && l.size > l.maxBytes; {
		prev := el.Prev()
		e := el.Value.(*entry)
		if _, busy := pinned[e.digest]; !busy {
			l.ll.Remove(el)
			delete(l.items, e.digest)
			l.size -= int64(len(e.data))
			if l.onEvict != nil {
				l.onEvict(e.digest, int64(len(e.data)))
			}
		}
		el = prev
	}
}

func (l *lru) len() int { return l.ll.Len() }

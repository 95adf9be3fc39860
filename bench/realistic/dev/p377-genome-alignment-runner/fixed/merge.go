package alignrun

import (
	"container/heap"
	"context"
	"fmt"
)

// shardStream carries one shard's alignments from its worker to the merger.
// err is only read after ch has been closed.
type shardStream struct {
	index int
	ch    chan Alignment
	err   error
}

func newShardStream(index, buffer int) *shardStream {
	return &shardStream{index: index, ch: make(chan Alignment, buffer)}
}

// emit sends alns in order and closes the stream.
func (s *shardStream) emit(ctx context.Context, alns []Alignment) {
	defer close(s.ch)
	for _, a := range alns {
		select {
		case s.ch <- a:
		case <-ctx.Done():
			s.err = ctx.Err()
			return
		}
	}
}

// fail closes the stream with err.
func (s *shardStream) fail(err error) {
	s.err = err
	close(s.ch)
}

// next returns the next alignment from the stream. ok is false once the
// stream is exhausted; err is then the reason it ended, if any.
func (s *shardStream) next() (a Alignment, ok bool, err error) {
	a, ok = <-s.ch
	if !ok {
		return Alignment{}, false, s.err
	}
	return a, true, nil
}

type head struct {
	aln    Alignment
	stream *shardStream
}

// headHeap is a min-heap of the current head of every live stream.
type headHeap []head

func (h headHeap) Len() int { return len(h) }
func (h headHeap) Less(i, j int) bool {
	if h[i].aln == h[j].aln {
		return h[i].stream.index < h[j].stream.index
	}
	return h[i].aln.Less(h[j].aln)
}
func (h headHeap) Swap(i, j int)       { h[i], h[j] = h[j], h[i] }
func (h *headHeap) Push(x interface{}) { *h = append(*h, x.(head)) }
func (h *headHeap) Pop() interface{} {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

// mergeStreams performs a k-way merge of already-sorted streams into sink and
// returns how many alignments were written.
func mergeStreams(streams []*shardStream, sink Sink) (int, error) {
	h := make(headHeap, 0, len(streams))
	for _, s := range streams {
		a, ok, err := s.next()
		if err != nil {
			return 0, err
		}
		if ok {
			h = append(h, head{aln: a, stream: s})
		}
	}
	heap.Init(&h)

	written := 0
	for h.Len() > 0 {
		top := h[0]
		if err := sink.Write(top.aln); err != nil {
			return written, fmt.Errorf("write %s: %w", top.aln.ReadID, err)
		}
		written++

		a, ok, err := top.stream.next()
		switch {
		case err != nil:
			return written, err
		case !ok:
			heap.Pop(&h)
		case a.Less(top.aln):
			return written, fmt.Errorf("shard %d after %s: %w", top.stream.index, top.aln.ReadID, ErrUnsorted)
		default:
			h[0].aln = a
			heap.Fix(&h, 0)
		}
	}
	return written, nil
}

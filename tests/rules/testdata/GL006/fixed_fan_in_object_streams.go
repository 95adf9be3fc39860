package segments

import (
	"context"
	"errors"
)

// run: _, _ = Merge(appContext, [][]int{{1, 2, 3}, {}, {4, 5, 6}}, 1)

// appContext lives as long as the process, as a server's base context does.
var appContext = context.Background()

var errEmptySegment = errors.New("segments: empty segment")

// stream carries one segment's records to the merger.
type stream struct {
	ch chan int
}

func newStream(buffer int) *stream {
	return &stream{ch: make(chan int, buffer)}
}

func (s *stream) emit(ctx context.Context, records []int) {
	defer close(s.ch)
	for _, r := range records {
		select {
		case s.ch <- r:
		case <-ctx.Done():
			return
		}
	}
}

// Merge concatenates the segments, each read by its own goroutine.
func Merge(ctx context.Context, segments [][]int, buffer int) ([]int, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	streams := make([]*stream, len(segments))
	for i, seg := range segments {
		streams[i] = newStream(buffer)
		go load(ctx, seg, streams[i])
	}
	return join(streams)
}

func load(ctx context.Context, seg []int, out *stream) {
	out.emit(ctx, seg)
}

func join(streams []*stream) ([]int, error) {
	var all []int
	for _, s := range streams {
		n := 0
		for r := range s.ch {
			all = append(all, r)
			n++
		}
		if n == 0 {
			return nil, errEmptySegment
		}
	}
	return all, nil
}

package shardrouter

import (
	"context"
	"errors"
	"io"
)

// Shard is one partition of the index, usually a client for a remote
// search node.
type Shard interface {
	// Name identifies the shard in results and errors.
	Name() string
	// Search starts executing q and returns a stream of hits in descending
	// score order.
	Search(ctx context.Context, q Query) (HitStream, error)
}

// HitStream iterates over a shard's hits, best first.
type HitStream interface {
	// Next returns the next hit, or io.EOF when the shard has no more.
	Next() (Hit, error)
	// Close releases the stream's resources, such as a server cursor.
	Close() error
}

// item is what a pump forwards to the merger: a hit or a terminal error.
type item struct {
	hit Hit
	err error
}

// pump reads up to q.K hits from s and forwards them on out. A shard's
// failure is forwarded as a final item carrying the error. out is closed
// when the pump is done.
func pump(ctx context.Context, s Shard, q Query, out chan<- item) {
	defer close(out)

	stream, err := s.Search(ctx, q)
	if err != nil {
		send(ctx, out, item{err: err})
		return
	}
	defer stream.Close()

	for n := 0; n < q.K; n++ {
		h, err := stream.Next()
		if errors.Is(err, io.EOF) {
			return
		}
		if err != nil {
			send(ctx, out, item{err: err})
			return
		}
		h.Shard = s.Name()
		if !send(ctx, out, item{hit: h}) {
			return
		}
	}
}

// send delivers it to the merger unless ctx is done first.
func send(ctx context.Context, out chan<- item, it item) bool {
	select { // leak: merger returned on too many failures, ctx is the caller's and never cancelled
	case out <- it:
		return true
	case <-ctx.Done():
		return false
	}
}

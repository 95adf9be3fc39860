package autocomplete

import (
	"context"
	"fmt"
	"log"
)

type shardAnswer struct {
	shard string
	sugg  []Suggestion
	err   error
}

// fanOut queries every shard and collects the answers that arrive before the
// service deadline.
func (s *Service) fanOut(ctx context.Context, prefix string) ([][]Suggestion, error) {
	qctx, cancel := context.WithTimeout(ctx, s.deadline)
	defer cancel()

	answers := make(chan shardAnswer)
	for _, sh := range s.shards {
		go func(sh Shard) {
			sugg, err := sh.Complete(qctx, prefix, s.limit)
			select { // leak: waits on the caller's ctx, not qctx, so nothing wakes it once fanOut has returned at the deadline
			case answers <- shardAnswer{shard: sh.Name(), sugg: sugg, err: err}:
			case <-ctx.Done():
			}
		}(sh)
	}

	var got [][]Suggestion
	var lastErr error
	for range s.shards {
		select {
		case a := <-answers:
			if a.err != nil {
				lastErr = fmt.Errorf("shard %s: %w", a.shard, a.err)
				log.Printf("autocomplete: %v", lastErr)
				continue
			}
			got = append(got, a.sugg)
		case <-qctx.Done():
			if len(got) == 0 {
				return nil, fmt.Errorf("%w: %v", ErrNoShards, qctx.Err())
			}
			return got, nil
		}
	}
	if len(got) == 0 && lastErr != nil {
		return nil, fmt.Errorf("%w: last error: %v", ErrNoShards, lastErr)
	}
	return got, nil
}

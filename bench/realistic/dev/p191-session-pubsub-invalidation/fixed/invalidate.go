package session

import (
	"context"
	"encoding/json"
	"fmt"
)

const (
	opDelete = "delete"
	opFlush  = "flush"
)

// invalidation is the wire format of messages on the invalidation channel.
type invalidation struct {
	Op     string   `json:"op"`
	IDs    []string `json:"ids,omitempty"`
	Origin string   `json:"origin,omitempty"`
}

func encodeInvalidation(inv invalidation) ([]byte, error) {
	b, err := json.Marshal(inv)
	if err != nil {
		return nil, fmt.Errorf("encode invalidation: %w", err)
	}
	return b, nil
}

func decodeInvalidation(b []byte) (invalidation, error) {
	var inv invalidation
	if err := json.Unmarshal(b, &inv); err != nil {
		return inv, fmt.Errorf("decode invalidation: %w", err)
	}
	switch inv.Op {
	case opDelete, opFlush:
		return inv, nil
	default:
		return inv, fmt.Errorf("decode invalidation: unknown op %q", inv.Op)
	}
}

// listen applies invalidations until ctx is cancelled or the subscription
// ends.
func (s *Store) listen(ctx context.Context, sub Subscription) {
	for {
		select {
		case <-ctx.Done():
			return
		case msg, ok := <-sub.Messages():
			if !ok {
				s.logf("session: invalidation subscription ended; flushing cache")
				s.flush()
				return
			}
			inv, err := decodeInvalidation(msg)
			if err != nil {
				s.logf("session: %v", err)
				continue
			}
			if inv.Origin == s.instance {
				continue // already applied locally
			}
			s.apply(inv)
		}
	}
}

func (s *Store) apply(inv invalidation) {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch inv.Op {
	case opDelete:
		for _, id := range inv.IDs {
			delete(s.entries, id)
		}
	case opFlush:
		s.entries = make(map[string]*entry)
		s.gen++
	}
}

func (s *Store) flush() {
	s.apply(invalidation{Op: opFlush})
}

// publish tells the other instances to drop their cached copies of ids.
func (s *Store) publish(ctx context.Context, ids ...string) error {
	b, err := encodeInvalidation(invalidation{Op: opDelete, IDs: ids, Origin: s.instance})
	if err != nil {
		return err
	}
	if err := s.bus.Publish(ctx, s.channel, b); err != nil {
		return fmt.Errorf("publish invalidation: %w", err)
	}
	return nil
}

package fitting

import (
	"context"
	"fmt"
	"io"
	"log"
	"sort"
	"sync"
	"time"
)

// Stock is the workshop's store of saddle trees. Orders that need a tree
// which is not on the shelf wait for the next delivery.
type Stock struct {
	mu    sync.Mutex
	cond  *sync.Cond
	trees map[TreeSpec][]Tree
	holds map[*hold]struct{}
	log   *log.Logger
}

type hold struct {
	order string
	spec  TreeSpec
	since time.Time
}

// NewStock returns an empty store.
func NewStock(logger *log.Logger) *Stock {
	if logger == nil {
		logger = log.New(io.Discard, "", 0)
	}
	s := &Stock{
		trees: make(map[TreeSpec][]Tree),
		holds: make(map[*hold]struct{}),
		log:   logger,
	}
	s.cond = sync.NewCond(&s.mu)
	return s
}

// Receive shelves delivered trees and wakes orders waiting for them.
func (s *Stock) Receive(trees ...Tree) {
	s.mu.Lock()
	for _, t := range trees {
		s.trees[t.Spec] = append(s.trees[t.Spec], t)
	}
	s.mu.Unlock()
	s.log.Printf("stock: received %d trees", len(trees))
	s.cond.Broadcast()
}

// Available reports how many trees of spec are on the shelf.
func (s *Stock) Available(spec TreeSpec) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.trees[spec])
}

// Demand lists the specs orders are waiting for, for the buyer's reorder sheet.
func (s *Stock) Demand() map[TreeSpec]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make(map[TreeSpec]int, len(s.holds))
	for h := range s.holds {
		out[h.spec]++
	}
	return out
}

// Waiting lists the orders waiting for a tree, oldest first.
func (s *Stock) Waiting() []string {
	s.mu.Lock()
	holds := make([]*hold, 0, len(s.holds))
	for h := range s.holds {
		holds = append(holds, h)
	}
	s.mu.Unlock()
	sort.Slice(holds, func(i, j int) bool { return holds[i].since.Before(holds[j].since) })
	out := make([]string, len(holds))
	for i, h := range holds {
		out[i] = h.order
	}
	return out
}

// Reserve takes a tree of spec off the shelf for order, waiting for a
// delivery until ctx is done.
func (s *Stock) Reserve(ctx context.Context, order string, spec TreeSpec) (Tree, error) {
	s.mu.Lock()
	if t, ok := s.takeLocked(spec); ok {
		s.mu.Unlock()
		return t, nil
	}
	h := &hold{order: order, spec: spec, since: time.Now()}
	s.holds[h] = struct{}{}
	s.mu.Unlock()
	s.log.Printf("stock: order %s waiting for tree %s", order, spec)

	got := s.await(h)
	select {
	case t := <-got:
		return t, nil
	case <-ctx.Done():
		s.withdraw(h, got)
		return Tree{}, fmt.Errorf("no %s tree for order %s: %w", spec, order, ctx.Err())
	}
}

func (s *Stock) await(h *hold) <-chan Tree {
	got := make(chan Tree, 1)
	go func() {
		s.mu.Lock()
		defer s.mu.Unlock()
		for {
			if _, active := s.holds[h]; !active {
				return
			}
			if t, ok := s.takeLocked(h.spec); ok {
				delete(s.holds, h)
				got <- t
				return
			}
			s.cond.Wait()
		}
	}()
	return got
}

func (s *Stock) withdraw(h *hold, got <-chan Tree) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, active := s.holds[h]; active {
		delete(s.holds, h)
		s.cond.Broadcast()
		return
	}
	t := <-got
	s.trees[t.Spec] = append([]Tree{t}, s.trees[t.Spec]...)
	s.cond.Broadcast()
}

func (s *Stock) takeLocked(spec TreeSpec) (Tree, bool) {
	shelf := s.trees[spec]
	if len(shelf) == 0 {
		return Tree{}, false
	}
	t := shelf[0]
	if len(shelf) == 1 {
		delete(s.trees, spec)
	} else {
		s.trees[spec] = shelf[1:]
	}
	return t, true
}

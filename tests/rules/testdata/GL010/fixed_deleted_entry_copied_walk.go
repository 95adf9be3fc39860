package shards

import "sync"

// run: r := New([]string{"a", "b"}); r.Resize([]string{"a"}); r.Close()

type shard struct {
	name string
	jobs chan string
	done chan struct{}
}

func newShard(name string) *shard {
	s := &shard{name: name, jobs: make(chan string), done: make(chan struct{})}
	go s.run()
	return s
}

func (s *shard) run() {
	defer close(s.done)
	for j := range s.jobs {
		_ = j
	}
}

func (s *shard) stop() {
	close(s.jobs)
	<-s.done
}

// Registry keeps one shard per name.
type Registry struct {
	mu     sync.Mutex
	shards map[string]*shard
}

func set(names []string) map[string]bool {
	out := make(map[string]bool, len(names))
	for _, n := range names {
		out[n] = true
	}
	return out
}

// New starts a shard per distinct name.
func New(names []string) *Registry {
	r := &Registry{shards: make(map[string]*shard, len(names))}
	for name := range set(names) {
		r.shards[name] = newShard(name)
	}
	return r
}

// Resize keeps the shards still named and drops the others.
func (r *Registry) Resize(names []string) {
	want := set(names)
	r.mu.Lock()
	defer r.mu.Unlock()
	for name, s := range r.shards {
		if !want[name] {
			s.stop()
			delete(r.shards, name)
		}
	}
	for name := range want {
		if _, ok := r.shards[name]; !ok {
			r.shards[name] = newShard(name)
		}
	}
}

// Close stops every shard.
func (r *Registry) Close() {
	r.mu.Lock()
	shards := make([]*shard, 0, len(r.shards))
	for _, s := range r.shards {
		shards = append(shards, s)
	}
	r.shards = nil
	r.mu.Unlock()
	for _, s := range shards {
		s.stop()
	}
}

// Package autocomplete serves prefix suggestions from an index split across
// shards. Each query goes to every shard in parallel; whatever has arrived
// when the per-query deadline expires is merged, ranked and returned.
package autocomplete

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"sort"
	"strings"
	"time"
)

// Suggestion is one completion with its popularity score.
type Suggestion struct {
	Text  string  `json:"text"`
	Score float64 `json:"score"`
}

// Shard answers completion queries for its part of the index.
type Shard interface {
	Name() string
	Complete(ctx context.Context, prefix string, limit int) ([]Suggestion, error)
}

// ErrNoShards is returned when no shard answered in time.
var ErrNoShards = errors.New("autocomplete: no shard answered")

// Service merges the answers of several shards.
type Service struct {
	shards   []Shard
	deadline time.Duration
	limit    int
}

// Option configures a Service.
type Option func(*Service)

// WithDeadline bounds how long a query waits for slow shards.
func WithDeadline(d time.Duration) Option { return func(s *Service) { s.deadline = d } }

// WithLimit sets how many suggestions are returned.
func WithLimit(n int) Option { return func(s *Service) { s.limit = n } }

// New returns a service over the given shards.
func New(shards []Shard, opts ...Option) *Service {
	s := &Service{shards: shards, deadline: 80 * time.Millisecond, limit: 10}
	for _, o := range opts {
		o(s)
	}
	return s
}

// Suggest returns the best completions of prefix. Shards that miss the
// deadline or fail are left out; an error is returned only if none answered.
func (s *Service) Suggest(ctx context.Context, prefix string) ([]Suggestion, error) {
	prefix = strings.ToLower(strings.TrimSpace(prefix))
	if prefix == "" {
		return nil, nil
	}
	answers, err := s.fanOut(ctx, prefix)
	if err != nil {
		return nil, err
	}
	return rank(answers, s.limit), nil
}

// rank merges per-shard answers, keeping the best score for each text.
func rank(answers [][]Suggestion, limit int) []Suggestion {
	best := make(map[string]float64)
	for _, a := range answers {
		for _, sg := range a {
			if sc, ok := best[sg.Text]; !ok || sg.Score > sc {
				best[sg.Text] = sg.Score
			}
		}
	}
	out := make([]Suggestion, 0, len(best))
	for text, sc := range best {
		out = append(out, Suggestion{Text: text, Score: sc})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Score != out[j].Score {
			return out[i].Score > out[j].Score
		}
		return out[i].Text < out[j].Text
	})
	if len(out) > limit {
		out = out[:limit]
	}
	return out
}

// ServeHTTP answers GET /complete?q=prefix with a JSON list of suggestions.
func (s *Service) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	sugg, err := s.Suggest(r.Context(), r.URL.Query().Get("q"))
	if err != nil {
		http.Error(w, fmt.Sprintf("suggest: %v", err), http.StatusServiceUnavailable)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	if err := json.NewEncoder(w).Encode(sugg); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
	}
}

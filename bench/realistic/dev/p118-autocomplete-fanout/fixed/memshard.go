package autocomplete

import (
	"context"
	"strings"
	"time"
)

// MemShard is an in-memory shard holding terms and their scores. Latency
// simulates the time a scan of the shard takes.
type MemShard struct {
	ID      string
	Terms   map[string]float64
	Latency time.Duration
}

// Name implements Shard.
func (m *MemShard) Name() string { return m.ID }

// Complete implements Shard. The scan itself is not interruptible; the
// context is checked once it is done.
func (m *MemShard) Complete(ctx context.Context, prefix string, limit int) ([]Suggestion, error) {
	if m.Latency > 0 {
		time.Sleep(m.Latency)
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var out []Suggestion
	for t, sc := range m.Terms {
		if strings.HasPrefix(t, prefix) {
			out = append(out, Suggestion{Text: t, Score: sc})
		}
	}
	return rank([][]Suggestion{out}, limit), nil
}

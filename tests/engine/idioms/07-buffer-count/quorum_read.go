package quorum_read

import (
	"context"
	"time"
)

// run: _, _ = ReadAll(context.Background(), []string{"r1", "r2"}, "leader", 5*time.Millisecond, func(ctx context.Context, node string) (string, error) { time.Sleep(20 * time.Millisecond); return node, nil })

// Fetch reads the value a node holds.
type Fetch func(ctx context.Context, node string) (string, error)

type reply struct {
	node  string
	value string
	err   error
}

// ReadAll asks every replica, and the leader when there is one, for its value, and
// gives up when the timeout passes.
func ReadAll(ctx context.Context, replicas []string, leader string, timeout time.Duration, fetch Fetch) (map[string]string, error) {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	replies := make(chan reply, len(replicas))
	nodes := replicas
	if leader != "" {
		nodes = append(nodes[:len(nodes):len(nodes)], leader)
	}
	for _, n := range nodes {
		go func(n string) {
			v, err := fetch(ctx, n)
			replies <- reply{n, v, err} // want "blocks forever"
		}(n)
	}

	values := make(map[string]string, len(nodes))
	for range nodes {
		select {
		case r := <-replies:
			if r.err == nil {
				values[r.node] = r.value
			}
		case <-ctx.Done():
			return values, ctx.Err()
		}
	}
	return values, nil
}

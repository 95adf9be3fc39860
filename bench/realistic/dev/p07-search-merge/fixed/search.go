// Package search queries index shards in parallel and merges the hits.
package search

import "strings"

// Hit is one matching document.
type Hit struct {
	Doc   string
	Shard int
}

// Shard is one slice of the index.
type Shard struct {
	ID   int
	Docs []string
}

// scan streams the shard's matches; the channel is closed at the end.
func (s Shard) scan(done <-chan struct{}, term string) <-chan Hit {
	hits := make(chan Hit)
	go func() {
		defer close(hits)
		for _, d := range s.Docs {
			if strings.Contains(d, term) {
				select {
				case hits <- Hit{Doc: d, Shard: s.ID}:
				case <-done:
					return
				}
			}
		}
	}()
	return hits
}

// TopN returns up to n hits from any shard, whichever come first.
func TopN(shards []Shard, term string, n int) []Hit {
	done := make(chan struct{})
	defer close(done)
	streams := make([]<-chan Hit, 0, len(shards))
	for _, s := range shards {
		streams = append(streams, s.scan(done, term))
	}
	var out []Hit
	for h := range merge(done, streams...) {
		out = append(out, h)
		if len(out) == n {
			break
		}
	}
	return out
}

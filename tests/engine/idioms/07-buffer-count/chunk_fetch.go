package chunk_fetch

import (
	"errors"
	"fmt"
)

// run: _ = FetchAll([]string{"a", "huge", "c"}, 1, func(name string) ([]byte, error) { if name == "huge" { return make([]byte, 64), nil }; return []byte(name), nil })

// errTruncated reports a blob cut at the size limit.
var errTruncated = errors.New("blob truncated")

// maxBlob is the most of one blob a download keeps.
const maxBlob = 16

type part struct {
	name string
	data []byte
	err  error
}

// download fetches one blob in the background. An oversized blob arrives in two
// parts: the bytes kept, then the error saying they were cut.
func download(name string, get func(string) ([]byte, error)) <-chan part {
	out := make(chan part, 1)
	go func() {
		data, err := get(name)
		if err != nil {
			out <- part{name: name, err: err}
			return
		}
		if len(data) > maxBlob {
			out <- part{name: name, data: data[:maxBlob]}
			out <- part{name: name, err: fmt.Errorf("%s: %w", name, errTruncated)} // want "blocks forever"
			return
		}
		out <- part{name: name, data: data}
	}()
	return out
}

// FetchAll downloads every blob at once and keeps them in order until it has
// `budget` of them.
func FetchAll(names []string, budget int, get func(string) ([]byte, error)) [][]byte {
	pending := make([]<-chan part, len(names))
	for i, n := range names {
		pending[i] = download(n, get)
	}
	var kept [][]byte
	for _, ch := range pending {
		if len(kept) >= budget {
			return kept
		}
		p := <-ch
		if p.err == nil {
			kept = append(kept, p.data)
		}
	}
	return kept
}

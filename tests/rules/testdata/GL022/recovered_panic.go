package recoveredpanic

import (
	"encoding/json"
	"log"
)

// run: go func() { _, _ = Decode([]byte(`{"n": 1}`), nil) }()

type result struct {
	n   int
	err error
}

func mustField(doc map[string]int, keys []string) int {
	total := 0
	for _, k := range keys {
		total += doc[k]
	}
	if len(keys) == 0 {
		panic("no keys")
	}
	return total
}

// Decode sums the keys of a JSON document on a goroutine that survives a panic.
func Decode(data []byte, keys []string) (int, error) {
	out := make(chan result)
	go func() {
		defer func() {
			if r := recover(); r != nil {
				log.Printf("decode: %v", r)
			}
		}()
		var doc map[string]int
		if err := json.Unmarshal(data, &doc); err != nil {
			out <- result{err: err}
			return
		}
		out <- result{n: mustField(doc, keys)}
	}()
	r := <-out // want "`Decode` blocks forever receiving from `out`: the goroutine started at line 29 recovers from panics \\(line 30\\), and a panic before its send on `out` ends it without sending"
	return r.n, r.err
}

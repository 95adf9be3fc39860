package fixedrecoveredpanic

import (
	"encoding/json"
	"fmt"
)

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
				out <- result{err: fmt.Errorf("decode: %v", r)} // the caller still gets an answer
			}
		}()
		var doc map[string]int
		if err := json.Unmarshal(data, &doc); err != nil {
			out <- result{err: err}
			return
		}
		out <- result{n: mustField(doc, keys)}
	}()
	r := <-out
	return r.n, r.err
}

package fixed_decode_stream

import (
	"encoding/json"
	"io"
	"log"
)

// run: go func() { _ = ReadAll(strings.NewReader(`{"id": 1} {"id": "two"}`)) }()

type record struct {
	ID int `json:"id"`
}

// ReadAll decodes a stream of JSON records on a goroutine and collects them.
func ReadAll(r io.Reader) []record {
	recs := make(chan record)
	go func() {
		defer close(recs) // the collector's range ends on a decode error too
		dec := json.NewDecoder(r)
		for {
			var rec record
			err := dec.Decode(&rec)
			if err == io.EOF {
				return
			}
			if err != nil {
				log.Printf("decode: %v", err)
				return
			}
			recs <- rec
		}
	}()
	var out []record
	for rec := range recs {
		out = append(out, rec)
	}
	return out
}

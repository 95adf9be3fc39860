package decode_stream

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
		dec := json.NewDecoder(r)
		for {
			var rec record
			err := dec.Decode(&rec)
			if err == io.EOF {
				close(recs)
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
	for rec := range recs { // want "blocks forever"
		out = append(out, rec)
	}
	return out
}

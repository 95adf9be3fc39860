package possync

import (
	"encoding/json"
	"fmt"
	"io"
)

// streamSales returns a reader that yields the sales as newline-delimited
// JSON. Encoding runs on its own goroutine so that a large backlog is never
// materialised in memory in full; the reader sees any encoding failure as
// its read error.
func streamSales(sales []Sale) *io.PipeReader {
	pr, pw := io.Pipe()
	go func() {
		enc := json.NewEncoder(pw)
		for i := range sales {
			if err := enc.Encode(&sales[i]); err != nil {
				pw.CloseWithError(fmt.Errorf("encode sale %s: %w", sales[i].ID, err))
				return
			}
		}
		pw.Close()
	}()
	return pr
}

package ledger

import (
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// Posting is one debit (negative) or credit (positive) on an account.
type Posting struct {
	ID          string `json:"id"`
	Account     string `json:"account"`
	AmountCents int64  `json:"amount_cents"`
	Currency    string `json:"currency"`
}

// ErrInvalidRecord wraps every validation failure of an input row.
var ErrInvalidRecord = errors.New("ledger: invalid record")

// parseCSV reads rows of id,account,amount_cents,currency and validates them.
func parseCSV(r io.Reader, currency string) ([]Posting, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = 4
	cr.Comment = '#'
	var out []Posting
	for line := 1; ; line++ {
		row, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return nil, fmt.Errorf("line %d: %w", line, err)
		}
		p := Posting{ID: strings.TrimSpace(row[0]), Account: strings.TrimSpace(row[1]), Currency: strings.TrimSpace(row[3])}
		if p.ID == "" || p.Account == "" {
			return nil, fmt.Errorf("line %d: missing id or account: %w", line, ErrInvalidRecord)
		}
		p.AmountCents, err = strconv.ParseInt(strings.TrimSpace(row[2]), 10, 64)
		if err != nil || p.AmountCents == 0 {
			return nil, fmt.Errorf("line %d: bad amount %q: %w", line, row[2], ErrInvalidRecord)
		}
		if p.Currency != currency {
			return nil, fmt.Errorf("line %d: currency %q, ledger is in %s: %w", line, p.Currency, currency, ErrInvalidRecord)
		}
		out = append(out, p)
	}
}

// dedupe drops exact repeats of a posting ID, which banks send when a file
// is re-exported, and rejects two different postings sharing one ID.
func dedupe(in []Posting) ([]Posting, int, error) {
	seen := make(map[string]Posting, len(in))
	out := in[:0]
	dups := 0
	for _, p := range in {
		if prev, ok := seen[p.ID]; ok {
			if prev != p {
				return nil, 0, fmt.Errorf("posting %s appears with different contents: %w", p.ID, ErrInvalidRecord)
			}
			dups++
			continue
		}
		seen[p.ID] = p
		out = append(out, p)
	}
	return out, dups, nil
}

// encodePostings streams ps as JSON lines. The caller must close the
// returned reader.
func encodePostings(ps []Posting) io.ReadCloser {
	pr, pw := io.Pipe()
	go func() {
		enc := json.NewEncoder(pw)
		for _, p := range ps {
			if err := enc.Encode(p); err != nil { // leak: the pipe writer blocks once the ledger stops reading and the handler never closes the reader
				pw.CloseWithError(err)
				return
			}
		}
		pw.Close()
	}()
	return pr
}

package fixedpipereturnednamedwriter

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
)

type Posting struct{ Amount int }

type Ledger struct{ balance int }

var errOverdraft = errors.New("overdraft")

// Apply reads postings until EOF; it stops at the first overdraft.
func (l *Ledger) Apply(r io.Reader) error {
	dec := json.NewDecoder(r)
	for {
		var p Posting
		if err := dec.Decode(&p); err == io.EOF {
			return nil
		} else if err != nil {
			return err
		}
		if l.balance+p.Amount < 0 {
			return errOverdraft
		}
		l.balance += p.Amount
	}
}

// encodePostings streams ps as JSON; the caller reads the body to the end or closes it.
func encodePostings(ps []Posting) io.ReadCloser {
	pr, pw := io.Pipe()
	go writeAll(pw, ps)
	return pr
}

func writeAll(pw *io.PipeWriter, ps []Posting) {
	enc := json.NewEncoder(pw)
	for _, p := range ps {
		if err := enc.Encode(p); err != nil {
			pw.CloseWithError(err)
			return
		}
	}
	pw.Close()
}

type Importer struct{ l *Ledger }

// Import applies the postings to the ledger.
func (im *Importer) Import(ps []Posting) error {
	body := encodePostings(ps)
	defer body.Close()
	if err := im.l.Apply(body); err != nil {
		return fmt.Errorf("import: %w", err)
	}
	return nil
}

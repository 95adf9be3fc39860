// Package statements renders monthly bank statements as PDF documents and
// files them in a document store.
package statements

import (
	"context"
	"fmt"
	"io"
	"time"
)

// Account identifies the holder a statement is addressed to.
type Account struct {
	ID     string
	Holder string
	IBAN   string
}

// Transaction is a single booked movement. Amounts are in minor units.
type Transaction struct {
	Booked      time.Time
	Description string
	Amount      int64
}

// Statement is one account's activity over one month.
type Statement struct {
	Account      Account
	Period       time.Time // first day of the month
	Opening      int64
	Transactions []Transaction
}

// Closing returns the balance at the end of the period.
func (s *Statement) Closing() int64 {
	bal := s.Opening
	for _, tx := range s.Transactions {
		bal += tx.Amount
	}
	return bal
}

// FileName is the name the statement is stored under.
func (s *Statement) FileName() string {
	return s.Account.ID + "-" + s.Period.Format("2006-01") + ".pdf"
}

// Store keeps rendered documents.
type Store interface {
	Put(name string, r io.Reader) error
}

// Failure records a statement that could not be produced.
type Failure struct {
	AccountID string
	Err       error
}

// Report summarises a batch run.
type Report struct {
	Stored   []string
	Failures []Failure
}

// Generator renders statements and hands them to a Store.
type Generator struct {
	store Store
}

// NewGenerator returns a Generator that files documents in store.
func NewGenerator(store Store) *Generator { return &Generator{store: store} }

// Run produces every statement in the batch. A statement that fails is
// recorded in the report and the batch carries on; Run itself only fails
// when ctx ends.
func (g *Generator) Run(ctx context.Context, batch []*Statement) (*Report, error) {
	rep := &Report{}
	for _, st := range batch {
		if err := ctx.Err(); err != nil {
			return rep, fmt.Errorf("statement batch: %w", err)
		}
		if err := g.generate(st); err != nil {
			rep.Failures = append(rep.Failures, Failure{AccountID: st.Account.ID, Err: err})
			continue
		}
		rep.Stored = append(rep.Stored, st.FileName())
	}
	return rep, nil
}

// generate streams the rendered PDF straight into the store, so a large
// statement never has to sit in memory as a whole.
func (g *Generator) generate(st *Statement) error {
	pr, pw := io.Pipe()
	defer pr.Close()
	go func() {
		pw.CloseWithError(renderStatement(pw, st))
	}()
	if err := g.store.Put(st.FileName(), pr); err != nil {
		return fmt.Errorf("statement %s: %w", st.Account.ID, err)
	}
	return nil
}

package statements

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"go.uber.org/goleak"
)

func statement(id string, n int) *Statement {
	period := time.Date(2024, time.March, 1, 0, 0, 0, 0, time.UTC)
	st := &Statement{
		Account: Account{ID: id, Holder: "Erika Mustermann", IBAN: "DE89 3704 0044 0532 0130 00"},
		Period:  period,
		Opening: 125000,
	}
	for i := 0; i < n; i++ {
		st.Transactions = append(st.Transactions, Transaction{
			Booked:      period.AddDate(0, 0, i%28),
			Description: fmt.Sprintf("Card payment (ref %04d)", i),
			Amount:      -int64(100 + i),
		})
	}
	return st
}

func TestOversizedStatementIsSkipped(t *testing.T) {
	defer goleak.VerifyNone(t)

	dir := t.TempDir()
	g := NewGenerator(&DirStore{Dir: dir, MaxBytes: 8 << 10})
	rep, err := g.Run(context.Background(), []*Statement{
		statement("ACC-1", 12),
		statement("ACC-2", 2000),
		statement("ACC-3", 3),
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Stored) != 2 {
		t.Errorf("stored %v, want two statements", rep.Stored)
	}
	if len(rep.Failures) != 1 || !errors.Is(rep.Failures[0].Err, ErrTooLarge) {
		t.Errorf("failures = %v, want one ErrTooLarge", rep.Failures)
	}
	if _, err := os.Stat(filepath.Join(dir, "ACC-1-2024-03.pdf")); err != nil {
		t.Error(err)
	}
}

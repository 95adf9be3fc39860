package clickship

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type schemaDrift struct{}

func (schemaDrift) Insert(ctx context.Context, table string, rows []Record) error {
	return fmt.Errorf("column %q does not exist: %w", "target", ErrRejected)
}

func TestRejectedBatch(t *testing.T) {
	defer goleak.VerifyNone(t)

	in := make(chan []byte, 16)
	for i := 0; i < 12; i++ {
		in <- []byte(fmt.Sprintf(`{"session":"s%d","page":"/cart","target":"checkout","at":"2024-05-01T10:00:00Z"}`, i))
	}
	close(in)

	s := Start(schemaDrift{}, Config{Table: "clicks", BatchSize: 2, Interval: time.Hour, Timeout: 50 * time.Millisecond}, in)
	if err := s.Wait(); !errors.Is(err, ErrRejected) {
		t.Fatalf("Wait() = %v, want ErrRejected", err)
	}
}

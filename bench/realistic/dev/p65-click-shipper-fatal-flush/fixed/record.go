package clickship

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Record is one decoded click event.
type Record struct {
	Session string    `json:"session"`
	Page    string    `json:"page"`
	Target  string    `json:"target"`
	At      time.Time `json:"at"`
}

// Sink is the analytics warehouse.
type Sink interface {
	Insert(ctx context.Context, table string, rows []Record) error
}

// ErrRejected is returned by a Sink that will never accept the rows, for
// example because the table schema changed. Retrying is pointless.
var ErrRejected = errors.New("clickship: rows rejected")

func (s *Shipper) write(batch []Record) error {
	if len(batch) == 0 {
		return nil
	}
	var err error
	for attempt := 0; attempt < s.retries; attempt++ {
		ctx, cancel := context.WithTimeout(context.Background(), s.timeout)
		err = s.sink.Insert(ctx, s.table, batch)
		cancel()
		if err == nil {
			s.shipped.Add(int64(len(batch)))
			return nil
		}
		if errors.Is(err, ErrRejected) {
			return err
		}
		time.Sleep(time.Duration(attempt+1) * 10 * time.Millisecond)
	}
	return fmt.Errorf("clickship: insert %d rows into %s: %w", len(batch), s.table, err)
}

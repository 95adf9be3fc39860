package cdc

import (
	"context"
	"io"
	"testing"
	"time"

	"go.uber.org/goleak"
)

// chanStream replays events pushed by the test and ends when feed is closed.
type chanStream struct{ feed chan Event }

func (s *chanStream) Next(ctx context.Context) (Event, error) {
	select {
	case ev, ok := <-s.feed:
		if !ok {
			return Event{}, io.EOF
		}
		return ev, nil
	case <-ctx.Done():
		return Event{}, ctx.Err()
	}
}

type recordingSink struct{ got chan Txn }

func newRecordingSink() *recordingSink { return &recordingSink{got: make(chan Txn, 8)} }

func (s *recordingSink) Ship(ctx context.Context, txn Txn) error {
	s.got <- txn
	return nil
}

func sendTxn(feed chan<- Event, id uint64, offset uint64, table string) {
	at := time.Date(2024, 5, 1, 9, 0, 0, 0, time.UTC)
	feed <- Event{Kind: KindBegin, TxnID: id, Pos: Position{"binlog.000042", offset}, Time: at}
	feed <- Event{Kind: KindRow, TxnID: id, Pos: Position{"binlog.000042", offset + 1}, Table: table, Op: OpInsert,
		After: map[string]interface{}{"id": id, "status": "paid"}}
	feed <- Event{Kind: KindCommit, TxnID: id, Pos: Position{"binlog.000042", offset + 2}, Time: at}
}

func TestReplacingSinkRoutesNewTransactions(t *testing.T) {
	defer goleak.VerifyNone(t)

	stream := &chanStream{feed: make(chan Event)}
	tl := New(stream, Config{Tables: []string{"orders"}})
	oldIndex := newRecordingSink()
	tl.AddSink("search", oldIndex)

	errc := make(chan error, 1)
	go func() { errc <- tl.Run(context.Background()) }()

	sendTxn(stream.feed, 100, 4, "orders")
	if txn := <-oldIndex.got; txn.ID != 100 || len(txn.Changes) != 1 {
		t.Fatalf("old sink got %+v", txn)
	}

	// The search cluster was migrated; point the sink at the new one.
	newIndex := newRecordingSink()
	tl.AddSink("search", newIndex)

	sendTxn(stream.feed, 101, 7, "orders")
	if txn := <-newIndex.got; txn.ID != 101 {
		t.Fatalf("new sink got txn %d", txn.ID)
	}
	close(stream.feed)
	if err := <-errc; err != nil {
		t.Fatalf("run: %v", err)
	}
	if pos := tl.Position(); pos.Offset != 9 {
		t.Fatalf("position = %v", pos)
	}
	if err := tl.Close(); err != nil {
		t.Fatalf("close: %v", err)
	}
	select {
	case txn := <-oldIndex.got:
		t.Fatalf("old sink received txn %d after replacement", txn.ID)
	default:
	}
	if got := tl.Sinks(); len(got) != 0 {
		t.Fatalf("sinks after close = %v", got)
	}
}

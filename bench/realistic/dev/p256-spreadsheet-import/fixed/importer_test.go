package sheetimport

import (
	"context"
	"errors"
	"io"
	"strconv"
	"sync"
	"testing"

	"go.uber.org/goleak"
)

type sliceSource struct {
	header []string
	rows   [][]string
	next   int
}

func (s *sliceSource) Header() ([]string, error) { return s.header, nil }

func (s *sliceSource) Next() (Row, error) {
	if s.next >= len(s.rows) {
		return Row{}, io.EOF
	}
	s.next++
	return Row{Line: s.next + 1, Cells: s.rows[s.next-1]}, nil
}

type memStore struct {
	mu      sync.Mutex
	batches [][]Record
}

func (m *memStore) InsertBatch(ctx context.Context, recs []Record) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.batches = append(m.batches, recs)
	return nil
}

var errUnknownSKU = errors.New("unknown SKU")

// catalogRule stands in for a catalogue lookup. "SLOW-" SKUs block until the
// test releases them; "BAD-" SKUs are rejected, but only once a slow lookup is
// in flight, so that both workers are busy when the error is reported.
type catalogRule struct {
	slowStarted chan struct{}
	release     chan struct{}
	once        sync.Once
}

func (r *catalogRule) Check(ctx context.Context, sku string) error {
	switch {
	case len(sku) > 5 && sku[:5] == "SLOW-":
		r.once.Do(func() { close(r.slowStarted) })
		<-r.release
		return nil
	case len(sku) > 4 && sku[:4] == "BAD-":
		<-r.slowStarted
		return errUnknownSKU
	}
	return nil
}

var positivePrice = RuleFunc(func(ctx context.Context, v string) error {
	f, err := strconv.ParseFloat(v, 64)
	if err != nil {
		return err
	}
	if f <= 0 {
		return errors.New("price must be positive")
	}
	return nil
})

func TestImportStopsAtMaxErrors(t *testing.T) {
	defer goleak.VerifyNone(t)

	catalog := &catalogRule{slowStarted: make(chan struct{}), release: make(chan struct{})}
	schema := Schema{Columns: []Column{
		{Name: "sku", Required: true, Rules: []Rule{catalog}},
		{Name: "name", Required: true},
		{Name: "price", Required: true, Rules: []Rule{positivePrice}},
	}}
	store := &memStore{}
	im := New(schema, store, Config{Workers: 2, MaxErrors: 1})

	src := &sliceSource{
		header: []string{"SKU", "Name", "Price"},
		rows: [][]string{
			{"BAD-1", "Widget", "9.99"},
			{"SLOW-2", "Gadget", "19.50"},
			{"OK-3", "Gizmo", "4.25"},
			{"OK-4", "Doohickey", "1.00"},
		},
	}
	rep, err := im.Import(context.Background(), src)
	close(catalog.release)

	if !errors.Is(err, ErrTooManyErrors) {
		t.Fatalf("Import: err = %v, want ErrTooManyErrors", err)
	}
	if !rep.Aborted || len(rep.Errors) != 1 {
		t.Fatalf("report = %+v", rep)
	}
	if ce := rep.Errors[0]; ce.Line != 2 || ce.Column != "sku" || !errors.Is(ce, errUnknownSKU) {
		t.Fatalf("cell error = %v", ce)
	}
	store.mu.Lock()
	defer store.mu.Unlock()
	if len(store.batches) != 0 {
		t.Fatalf("aborted import stored %d batches", len(store.batches))
	}
}

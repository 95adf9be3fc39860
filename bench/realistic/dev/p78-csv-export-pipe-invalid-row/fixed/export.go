package export

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// Row is one line of the inventory export.
type Row struct {
	SKU        string
	Warehouse  string
	Qty        int
	PriceCents int64
}

var header = []string{"sku", "warehouse", "qty", "price"}

// Validate rejects rows the downstream importer would choke on.
func (r Row) Validate() error {
	switch {
	case strings.TrimSpace(r.SKU) == "":
		return errors.New("empty sku")
	case r.Qty < 0:
		return fmt.Errorf("sku %s: negative quantity %d", r.SKU, r.Qty)
	case r.PriceCents <= 0:
		return fmt.Errorf("sku %s: price must be positive", r.SKU)
	}
	return nil
}

func (r Row) record() []string {
	return []string{
		r.SKU,
		r.Warehouse,
		strconv.Itoa(r.Qty),
		fmt.Sprintf("%d.%02d", r.PriceCents/100, r.PriceCents%100),
	}
}

// Exporter streams rows as CSV straight into an object store, so a large
// export never has to sit in memory in one piece.
type Exporter struct {
	store ObjectStore
}

// NewExporter returns an Exporter writing to store.
func NewExporter(store ObjectStore) *Exporter {
	return &Exporter{store: store}
}

// Export writes rows to the object name. It stops at the first invalid row.
func (e *Exporter) Export(name string, rows []Row) error {
	pr, pw := io.Pipe()
	uploaded := make(chan error, 1)
	go func() {
		uploaded <- e.store.Upload(name, pr)
	}()

	w := csv.NewWriter(pw)
	if err := w.Write(header); err != nil {
		pw.CloseWithError(err)
		return err
	}
	for i, r := range rows {
		if err := r.Validate(); err != nil {
			pw.CloseWithError(err)
			return fmt.Errorf("export %s: row %d: %w", name, i+1, err)
		}
		if err := w.Write(r.record()); err != nil {
			pw.CloseWithError(err)
			return err
		}
	}
	w.Flush()
	pw.CloseWithError(w.Error()) // nil error: a clean EOF for the reader
	if err := <-uploaded; err != nil {
		return fmt.Errorf("export %s: upload: %w", name, err)
	}
	return nil
}

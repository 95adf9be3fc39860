package recon

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

// ErrMalformed is wrapped by errors about unreadable settlement files.
var ErrMalformed = errors.New("malformed settlement file")

// Settlement is one row of an acquirer settlement file.
type Settlement struct {
	Reference string
	Amount    int64 // minor units
	Currency  string
	ValueDate time.Time
}

var requiredColumns = []string{"reference", "amount", "currency", "value_date"}

// settlementReader streams settlements from a CSV file with a header row.
// Columns may appear in any order; unknown columns are ignored.
type settlementReader struct {
	r    *csv.Reader
	cols map[string]int
	line int
}

func newSettlementReader(r io.Reader) (*settlementReader, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("%w: read header: %v", ErrMalformed, err)
	}
	cols := make(map[string]int, len(header))
	for i, h := range header {
		cols[strings.ToLower(strings.TrimSpace(h))] = i
	}
	for _, c := range requiredColumns {
		if _, ok := cols[c]; !ok {
			return nil, fmt.Errorf("%w: missing column %q", ErrMalformed, c)
		}
	}
	return &settlementReader{r: cr, cols: cols, line: 1}, nil
}

// Line returns the line number of the last row returned by Next.
func (sr *settlementReader) Line() int { return sr.line }

// Next returns the next settlement, or io.EOF at the end of the file.
func (sr *settlementReader) Next() (*Settlement, error) {
	rec, err := sr.r.Read()
	if err == io.EOF {
		return nil, io.EOF
	}
	sr.line++
	if err != nil {
		return nil, fmt.Errorf("%w: line %d: %v", ErrMalformed, sr.line, err)
	}
	field := func(name string) string {
		if i := sr.cols[name]; i < len(rec) {
			return strings.TrimSpace(rec[i])
		}
		return ""
	}
	s := &Settlement{Reference: field("reference"), Currency: strings.ToUpper(field("currency"))}
	if s.Reference == "" {
		return nil, fmt.Errorf("%w: line %d: empty reference", ErrMalformed, sr.line)
	}
	if s.Amount, err = parseMinor(field("amount")); err != nil {
		return nil, fmt.Errorf("%w: line %d: amount: %v", ErrMalformed, sr.line, err)
	}
	if s.ValueDate, err = time.Parse("2006-01-02", field("value_date")); err != nil {
		return nil, fmt.Errorf("%w: line %d: value date: %v", ErrMalformed, sr.line, err)
	}
	return s, nil
}

// parseMinor parses a decimal amount with at most two fraction digits, such
// as "-12.5" or "1999.99", into minor units.
func parseMinor(s string) (int64, error) {
	whole, frac, _ := strings.Cut(s, ".")
	if len(frac) > 2 {
		return 0, fmt.Errorf("too many decimals in %q", s)
	}
	neg := strings.HasPrefix(whole, "-")
	w, err := strconv.ParseInt(strings.TrimPrefix(whole, "-"), 10, 64)
	if err != nil {
		return 0, err
	}
	f := int64(0)
	if frac != "" {
		if f, err = strconv.ParseInt(frac+strings.Repeat("0", 2-len(frac)), 10, 64); err != nil {
			return 0, err
		}
	}
	v := w*100 + f
	if neg {
		v = -v
	}
	return v, nil
}

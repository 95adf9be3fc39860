package importer

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

// ErrMalformed is wrapped by every statement parse error.
var ErrMalformed = errors.New("malformed statement")

// Transaction is one booked line of a statement. Amounts are in minor units
// (cents); debits are negative.
type Transaction struct {
	Date        time.Time
	Ref         string
	Description string
	Amount      int64
}

// Statement is a parsed statement file.
type Statement struct {
	Account      string
	Currency     string
	Opening      int64
	Closing      int64
	Transactions []Transaction
}

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// normalize cleans up the quirks of bank exports before they reach the CSV
// parser: a leading byte order mark, CRLF line endings, trailing blanks and
// empty lines. The cleaned text is streamed through a pipe so large
// statements are never held in memory.
func normalize(body io.ReadCloser) io.ReadCloser {
	pr, pw := io.Pipe()
	go func() {
		defer body.Close()
		pw.CloseWithError(copyNormalized(pw, body))
	}()
	return pr
}

func copyNormalized(w io.Writer, r io.Reader) error {
	br := bufio.NewReader(r)
	first := true
	for {
		line, err := br.ReadBytes('\n')
		if first {
			line = bytes.TrimPrefix(line, utf8BOM)
			first = false
		}
		line = bytes.TrimRight(line, " \t\r\n")
		if len(line) > 0 {
			if _, werr := w.Write(append(line, '\n')); werr != nil { // leak: reader side abandoned on parse error
				return werr
			}
		}
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("read statement: %w", err)
		}
	}
}

// parseStatement reads the importer's canonical CSV layout:
//
//	#account,DE89370400440532013000
//	#currency,EUR
//	#opening,1200.00
//	#closing,1187.40
//	date,ref,description,amount
//	2024-03-01,TX1001,Card payment,-12.60
func parseStatement(r io.Reader) (*Statement, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true

	stmt := &Statement{}
	header := false
	for line := 1; ; line++ {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%w: line %d: %v", ErrMalformed, line, err)
		}
		if strings.HasPrefix(rec[0], "#") {
			if err := stmt.setMeta(rec); err != nil {
				return nil, fmt.Errorf("%w: line %d: %v", ErrMalformed, line, err)
			}
			continue
		}
		if !header {
			if len(rec) != 4 || rec[0] != "date" {
				return nil, fmt.Errorf("%w: line %d: expected column header, got %q", ErrMalformed, line, rec)
			}
			header = true
			continue
		}
		tx, err := parseTransaction(rec)
		if err != nil {
			return nil, fmt.Errorf("%w: line %d: %v", ErrMalformed, line, err)
		}
		stmt.Transactions = append(stmt.Transactions, tx)
	}
	if !header {
		return nil, fmt.Errorf("%w: no transaction header", ErrMalformed)
	}
	return stmt, nil
}

func (s *Statement) setMeta(rec []string) error {
	if len(rec) != 2 {
		return fmt.Errorf("metadata %q: want key,value", rec[0])
	}
	var err error
	switch rec[0] {
	case "#account":
		s.Account = rec[1]
	case "#currency":
		s.Currency = rec[1]
	case "#opening":
		s.Opening, err = parseAmount(rec[1])
	case "#closing":
		s.Closing, err = parseAmount(rec[1])
	}
	return err
}

func parseTransaction(rec []string) (Transaction, error) {
	if len(rec) != 4 {
		return Transaction{}, fmt.Errorf("want 4 fields, got %d", len(rec))
	}
	date, err := time.Parse("2006-01-02", rec[0])
	if err != nil {
		return Transaction{}, fmt.Errorf("date: %v", err)
	}
	amount, err := parseAmount(rec[3])
	if err != nil {
		return Transaction{}, err
	}
	return Transaction{Date: date, Ref: rec[1], Description: rec[2], Amount: amount}, nil
}

// parseAmount converts "-12.60" or "1,234.5" to minor units.
func parseAmount(s string) (int64, error) {
	s = strings.ReplaceAll(strings.TrimSpace(s), ",", "")
	whole, frac, _ := strings.Cut(s, ".")
	if len(frac) > 2 {
		return 0, fmt.Errorf("amount %q: more than two decimals", s)
	}
	frac += strings.Repeat("0", 2-len(frac))
	neg := strings.HasPrefix(whole, "-")
	w, err := strconv.ParseInt(strings.TrimPrefix(whole, "-"), 10, 64)
	if err != nil {
		return 0, fmt.Errorf("amount %q: %v", s, err)
	}
	f, err := strconv.ParseInt(frac, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("amount %q: %v", s, err)
	}
	v := w*100 + f
	if neg {
		v = -v
	}
	return v, nil
}

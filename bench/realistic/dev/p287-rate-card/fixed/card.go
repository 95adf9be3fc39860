package rating

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// ErrMalformedCard is returned when a rate card cannot be parsed.
var ErrMalformedCard = errors.New("malformed rate card")

// cardHeader is the column layout every rate card file must use.
var cardHeader = []string{"prefix", "destination", "connect_fee", "per_minute", "first_increment", "next_increment"}

// Rate is the tariff for one dialled-number prefix. Money is held in
// micro-units of the card currency to avoid floating point drift.
type Rate struct {
	Prefix         string
	Destination    string
	ConnectMicros  int64
	PerMinuteMicro int64
	FirstIncrement int // seconds billed for the first block of the call
	NextIncrement  int // seconds per subsequent billing block
}

// RateCard maps destination prefixes to rates. Lookups use the longest
// matching prefix, so "447" (UK mobile) wins over "44" (UK).
type RateCard struct {
	Key     string
	rates   map[string]Rate
	longest int
}

// Len reports the number of prefixes on the card.
func (c *RateCard) Len() int { return len(c.rates) }

// Lookup returns the rate for the longest prefix of number on the card.
func (c *RateCard) Lookup(number string) (Rate, bool) {
	n := len(number)
	if n > c.longest {
		n = c.longest
	}
	for ; n > 0; n-- {
		if r, ok := c.rates[number[:n]]; ok {
			return r, true
		}
	}
	return Rate{}, false
}

// ParseCard reads a CSV rate card. The first record must be the header.
func ParseCard(r io.Reader) (*RateCard, error) {
	cr := csv.NewReader(r)
	cr.Comment = '#'
	cr.FieldsPerRecord = len(cardHeader)
	cr.ReuseRecord = true

	head, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("%w: header: %v", ErrMalformedCard, err)
	}
	for i, col := range cardHeader {
		if strings.TrimSpace(head[i]) != col {
			return nil, fmt.Errorf("%w: header column %d is %q, want %q", ErrMalformedCard, i+1, head[i], col)
		}
	}

	card := &RateCard{rates: make(map[string]Rate)}
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%w: %v", ErrMalformedCard, err)
		}
		line, _ := cr.FieldPos(0)
		rate, err := parseRate(rec)
		if err != nil {
			return nil, fmt.Errorf("%w: line %d: %v", ErrMalformedCard, line, err)
		}
		if _, dup := card.rates[rate.Prefix]; dup {
			return nil, fmt.Errorf("%w: line %d: duplicate prefix %s", ErrMalformedCard, line, rate.Prefix)
		}
		card.rates[rate.Prefix] = rate
		if len(rate.Prefix) > card.longest {
			card.longest = len(rate.Prefix)
		}
	}
	if len(card.rates) == 0 {
		return nil, fmt.Errorf("%w: no rates", ErrMalformedCard)
	}
	return card, nil
}

func parseRate(rec []string) (Rate, error) {
	r := Rate{Prefix: strings.TrimSpace(rec[0]), Destination: strings.TrimSpace(rec[1])}
	if r.Prefix == "" || strings.Trim(r.Prefix, "0123456789") != "" {
		return Rate{}, fmt.Errorf("bad prefix %q", rec[0])
	}
	var err error
	if r.ConnectMicros, err = parseMicros(rec[2]); err != nil {
		return Rate{}, fmt.Errorf("connect_fee: %w", err)
	}
	if r.PerMinuteMicro, err = parseMicros(rec[3]); err != nil {
		return Rate{}, fmt.Errorf("per_minute: %w", err)
	}
	if r.FirstIncrement, err = strconv.Atoi(strings.TrimSpace(rec[4])); err != nil || r.FirstIncrement <= 0 {
		return Rate{}, fmt.Errorf("first_increment %q must be a positive integer", rec[4])
	}
	if r.NextIncrement, err = strconv.Atoi(strings.TrimSpace(rec[5])); err != nil || r.NextIncrement <= 0 {
		return Rate{}, fmt.Errorf("next_increment %q must be a positive integer", rec[5])
	}
	return r, nil
}

// parseMicros parses a non-negative decimal amount such as "0.0125" into
// micro-units (12500).
func parseMicros(s string) (int64, error) {
	s = strings.TrimSpace(s)
	whole, frac, _ := strings.Cut(s, ".")
	if whole == "" || len(frac) > 6 {
		return 0, fmt.Errorf("invalid amount %q", s)
	}
	frac += strings.Repeat("0", 6-len(frac))
	w, err := strconv.ParseUint(whole, 10, 32)
	if err != nil {
		return 0, fmt.Errorf("invalid amount %q", s)
	}
	f, err := strconv.ParseUint(frac, 10, 32)
	if err != nil {
		return 0, fmt.Errorf("invalid amount %q", s)
	}
	return int64(w)*1e6 + int64(f), nil
}

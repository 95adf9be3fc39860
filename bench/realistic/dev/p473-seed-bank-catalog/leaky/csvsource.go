package seedbank

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

const dateLayout = "2006-01-02"

// CSVSource reads lots from the collecting-mission spreadsheet export:
//
//	accession,taxon,origin,collected,seeds,storage,tests
//
// where tests is a semicolon separated list of date:germinated/sown.
type CSVSource struct {
	r      *csv.Reader
	line   int
	header bool
}

// NewCSVSource wraps r. The first record is treated as a header.
func NewCSVSource(r io.Reader) *CSVSource {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = 7
	cr.TrimLeadingSpace = true
	cr.Comment = '#'
	return &CSVSource{r: cr, header: true}
}

// Next implements LotSource. A record that cannot be parsed at all is
// returned as a lot with the fields that could be read, so that the
// catalog can report it as a reject instead of aborting the import.
func (s *CSVSource) Next(_ context.Context) (Lot, error) {
	if s.header {
		s.header = false
		if _, err := s.r.Read(); err != nil {
			return Lot{}, err
		}
	}
	rec, err := s.r.Read()
	if err != nil {
		return Lot{}, err
	}
	s.line++
	lot := Lot{
		AccessionID: strings.ToUpper(rec[0]),
		Taxon:       rec[1],
		Origin:      strings.ToUpper(rec[2]),
		Storage:     parseStorage(rec[5]),
	}
	lot.CollectedOn, _ = time.Parse(dateLayout, rec[3])
	lot.SeedCount, _ = strconv.Atoi(rec[4])
	if rec[6] != "" {
		for _, field := range strings.Split(rec[6], ";") {
			t, err := parseTest(field)
			if err != nil {
				t = GerminationTest{}
			}
			lot.Tests = append(lot.Tests, t)
		}
	}
	return lot, nil
}

func parseStorage(s string) StorageCondition {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "ambient", "rt":
		return StorageAmbient
	case "cold", "+4":
		return StorageCold
	case "frozen", "-18", "-20":
		return StorageFrozen
	case "cryo", "ln2":
		return StorageCryo
	default:
		return StorageUnknown
	}
}

func parseTest(s string) (GerminationTest, error) {
	date, ratio, ok := strings.Cut(strings.TrimSpace(s), ":")
	if !ok {
		return GerminationTest{}, fmt.Errorf("test %q: want date:germinated/sown", s)
	}
	on, err := time.Parse(dateLayout, date)
	if err != nil {
		return GerminationTest{}, fmt.Errorf("test %q: %w", s, err)
	}
	g, n, ok := strings.Cut(ratio, "/")
	if !ok {
		return GerminationTest{}, fmt.Errorf("test %q: want germinated/sown", s)
	}
	germ, err1 := strconv.Atoi(g)
	sown, err2 := strconv.Atoi(n)
	if err1 != nil || err2 != nil {
		return GerminationTest{}, fmt.Errorf("test %q: counts must be integers", s)
	}
	return GerminationTest{TestedOn: on, Sown: sown, Germinated: germ}, nil
}

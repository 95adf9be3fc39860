package sorting

import (
	"context"
	"errors"
	"testing"

	"go.uber.org/goleak"
)

var errDirectoryDown = errors.New("address service: 503")

// gatedDirectory answers from a map. Lookups of failing postcodes return
// an error at once; every other lookup waits until release is closed.
type gatedDirectory struct {
	routes  map[string]Route
	failing map[string]bool
	release chan struct{}
}

func (d *gatedDirectory) Lookup(ctx context.Context, pc string) (Route, error) {
	if d.failing[pc] {
		return Route{}, errDirectoryDown
	}
	select {
	case <-d.release:
	case <-ctx.Done():
		return Route{}, ctx.Err()
	}
	r, ok := d.routes[pc]
	if !ok {
		return Route{}, ErrUnknownPostcode
	}
	return r, nil
}

func TestSortAbortsBatchOnDirectoryFailure(t *testing.T) {
	defer goleak.VerifyNone(t)

	dir := &gatedDirectory{
		routes: map[string]Route{
			"EH1 1YZ": {Office: "EH", Walk: 12},
			"EH3 9AA": {Office: "EH", Walk: 4},
			"G2 1DY":  {Office: "G", Walk: 7},
		},
		failing: map[string]bool{"KY16 9SS": true},
		release: make(chan struct{}),
	}
	s := NewSorter(dir, Workers(2))

	batch := []Item{
		{Barcode: "RM001", Postcode: "ky169ss", Class: FirstClass, WeightG: 90},
		{Barcode: "RM002", Postcode: "EH1 1YZ", Class: Express, WeightG: 400},
		{Barcode: "RM003", Postcode: "eh3 9aa", Class: SecondClass, WeightG: 60},
		{Barcode: "RM004", Postcode: "G21DY", Class: Bulk, WeightG: 2500},
		{Barcode: "RM005", Postcode: "??", Class: SecondClass, WeightG: 20},
		{Barcode: "RM006", Postcode: "EH1 1YZ", Class: FirstClass, WeightG: 75},
	}

	m, err := s.Sort(context.Background(), batch)
	var be *BatchError
	if !errors.As(err, &be) || be.Barcode != "RM001" || !errors.Is(err, errDirectoryDown) {
		t.Fatalf("Sort = %v, %v; want BatchError for RM001", m, err)
	}

	// The address service comes back; in-flight lookups complete.
	close(dir.release)
}

func TestSortBuildsManifest(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())

	dir := &gatedDirectory{
		routes: map[string]Route{
			"EH1 1YZ": {Office: "EH", Walk: 12},
			"G2 1DY":  {Office: "G", Walk: 7},
		},
		release: make(chan struct{}),
	}
	close(dir.release)
	s := NewSorter(dir, Workers(3), MaxBagWeight(1000))

	m, err := s.Sort(context.Background(), []Item{
		{Barcode: "A", Postcode: "G2 1DY", Class: Bulk, WeightG: 600},
		{Barcode: "B", Postcode: "EH1 1YZ", Class: SecondClass, WeightG: 300},
		{Barcode: "C", Postcode: "EH11YZ", Class: Express, WeightG: 300},
		{Barcode: "D", Postcode: "ZZ9 9ZZ", Class: FirstClass, WeightG: 10},
		{Barcode: "E", Postcode: "G2 1DY", Class: FirstClass, WeightG: 600},
	})
	if err != nil {
		t.Fatalf("Sort: %v", err)
	}
	if m.Count() != 4 || len(m.Manual) != 1 || m.Manual[0].Barcode != "D" {
		t.Fatalf("manifest has %d bagged, manual %v", m.Count(), m.Manual)
	}
	if len(m.Bags) != 3 || m.Bags[0].Route.Office != "EH" || m.Bags[0].Items[0].Barcode != "C" {
		t.Errorf("unexpected bags: %+v", m.Bags)
	}
}

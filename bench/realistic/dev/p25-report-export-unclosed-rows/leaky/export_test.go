package export

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"testing"

	"go.uber.org/goleak"
)

type flakyReport struct{ failAt int }

func (flakyReport) Columns() []string { return []string{"id", "total"} }

func (f flakyReport) Page(_ context.Context, n int) ([]Row, bool, error) {
	if n == f.failAt {
		return nil, false, errors.New("warehouse: query timed out")
	}
	return []Row{{fmt.Sprint(n*2 - 1), "10.00"}, {fmt.Sprint(n * 2), "12.50"}}, true, nil
}

func TestFailedPageAbortsTheExport(t *testing.T) {
	defer goleak.VerifyNone(t)
	var out bytes.Buffer
	_, err := New(flakyReport{failAt: 3}, Options{Buffer: 8}).WriteTo(context.Background(), &out)
	if err == nil {
		t.Fatal("want the page error")
	}
}

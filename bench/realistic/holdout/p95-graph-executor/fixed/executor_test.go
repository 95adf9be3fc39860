package dagexec

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"testing"

	"go.uber.org/goleak"
)

// pagedTable serves a table of n rows in pages of size rows each.
type pagedTable struct {
	name string
	n    int
	size int
}

func (p *pagedTable) ReadPage(ctx context.Context, table, token string) ([]Row, string, error) {
	if table != p.name {
		return nil, "", fmt.Errorf("no such table %q", table)
	}
	start := 0
	if token != "" {
		var err error
		if start, err = strconv.Atoi(token); err != nil {
			return nil, "", err
		}
	}
	var rows []Row
	for i := start; i < p.n && i < start+p.size; i++ {
		country := "DE"
		if i%2 == 0 {
			country = "NL"
		}
		rows = append(rows, Row{"id": i, "country": country, "ms": 10 * i})
	}
	next := ""
	if start+p.size < p.n {
		next = strconv.Itoa(start + p.size)
	}
	return rows, next, nil
}

func TestRunTopNWithLimit(t *testing.T) {
	defer goleak.VerifyNone(t)

	source := &pagedTable{name: "clicks", n: 40, size: 5}
	ex := New(source, Config{MaxReads: 2, Buffer: 1})
	plan := Plan{
		Nodes: []Node{
			{ID: "first", Op: Limit{N: 3}, Inputs: []string{"ids"}},
			{ID: "ids", Op: Project{Columns: []string{"id"}}, Inputs: []string{"nl"}},
			{ID: "nl", Op: Filter{Keep: func(r Row) bool { return r["country"] == "NL" }}, Inputs: []string{"scan"}},
			{ID: "scan", Op: Scan{Table: "clicks"}},
		},
		Output: "first",
	}

	cyclic := plan
	cyclic.Nodes = append([]Node{{ID: "loop", Op: Concat{}, Inputs: []string{"loop"}}}, plan.Nodes...)
	if _, err := ex.Run(context.Background(), cyclic); !errors.Is(err, ErrInvalidPlan) {
		t.Fatalf("cyclic plan: err = %v, want ErrInvalidPlan", err)
	}

	rows, err := ex.Run(context.Background(), plan)
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	if len(rows) != 3 {
		t.Fatalf("got %d rows, want 3: %v", len(rows), rows)
	}
	for i, r := range rows {
		if r["id"] != 2*i || len(r) != 1 {
			t.Errorf("row %d = %v, want {id: %d}", i, r, 2*i)
		}
	}
}

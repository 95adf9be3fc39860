package picklist

import (
	"context"
	"testing"
	"time"

	"go.uber.org/goleak"
)

func TestOptimizeAcrossZones(t *testing.T) {
	defer goleak.VerifyNone(t)
	lines := []Line{
		{SKU: "BOLT-M6", Qty: 40, At: Location{"A", 3, 12}},
		{SKU: "NUT-M6", Qty: 40, At: Location{"A", 3, 2}},
		{SKU: "WASHER-6", Qty: 80, At: Location{"A", 1, 7}},
		{SKU: "FREEZER-PACK", Qty: 2, At: Location{"C", 1, 4}},
	}
	pack := Location{"A", 0, 0}
	r, err := Optimize(context.Background(), lines, WithStart(pack), WithBudget(30*time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Stops) != len(lines) || r.Solver != "nearest-neighbor" {
		t.Fatalf("route = %+v", r)
	}
	if r.Distance != length(pack, r.Stops) {
		t.Fatalf("distance %d, walk is %d", r.Distance, length(pack, r.Stops))
	}
}

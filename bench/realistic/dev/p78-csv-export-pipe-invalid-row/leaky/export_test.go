package export

import (
	"strings"
	"testing"

	"go.uber.org/goleak"
)

func TestExportStopsAtInvalidRow(t *testing.T) {
	defer goleak.VerifyNone(t)

	store := NewMemStore(64)
	ex := NewExporter(store)

	good := []Row{
		{SKU: "A-100", Warehouse: "ams", Qty: 4, PriceCents: 1999},
		{SKU: "A-101", Warehouse: "ams", Qty: 0, PriceCents: 250},
	}
	if err := ex.Export("inv-1.csv", good); err != nil {
		t.Fatal(err)
	}
	obj, ok := store.Object("inv-1.csv")
	if !ok || !strings.Contains(string(obj), "A-101,ams,0,2.50") {
		t.Fatalf("object = %q", obj)
	}

	bad := []Row{
		{SKU: "B-200", Warehouse: "fra", Qty: 1, PriceCents: 500},
		{SKU: "B-201", Warehouse: "fra", Qty: -3, PriceCents: 500},
	}
	err := ex.Export("inv-2.csv", bad)
	if err == nil || !strings.Contains(err.Error(), "row 2") {
		t.Fatalf("err = %v", err)
	}
	if _, ok := store.Object("inv-2.csv"); ok {
		t.Fatal("a partial export was stored")
	}
}

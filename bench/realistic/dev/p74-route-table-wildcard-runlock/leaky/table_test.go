package routing

import (
	"testing"

	"go.uber.org/goleak"
)

func TestWildcardLookupThenUpdate(t *testing.T) {
	defer goleak.VerifyNone(t)

	updates := make(chan []Route)
	tbl := NewTable([]Route{
		{Pattern: "api.example.com", Backends: []Backend{{Addr: "10.0.0.1:8080", Weight: 1}}},
		{Pattern: "*.apps.example.com", Backends: []Backend{{Addr: "10.0.1.1:8080", Weight: 2}}},
	}, updates)
	defer tbl.Close()

	if b, err := tbl.Lookup("api.example.com:443"); err != nil || b[0].Addr != "10.0.0.1:8080" {
		t.Fatalf("exact lookup: %v %v", b, err)
	}
	if b, err := tbl.Lookup("shop.apps.example.com"); err != nil || b[0].Addr != "10.0.1.1:8080" {
		t.Fatalf("wildcard lookup: %v %v", b, err)
	}
	if _, err := tbl.Lookup("unknown.test"); err != ErrNoRoute {
		t.Fatalf("unknown host: %v", err)
	}

	updates <- []Route{{Pattern: "api.example.com", Backends: []Backend{{Addr: "10.0.0.2:8080", Weight: 1}}}}
}

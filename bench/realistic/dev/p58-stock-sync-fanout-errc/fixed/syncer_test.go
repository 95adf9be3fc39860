package stocksync

import (
	"context"
	"errors"
	"testing"

	"go.uber.org/goleak"
)

type fakeAPI struct {
	counts map[string]map[string]int
	down   map[string]bool
}

func (f *fakeAPI) Counts(ctx context.Context, site string) (map[string]int, error) {
	if f.down[site] {
		return nil, errors.New("503 service unavailable")
	}
	return f.counts[site], nil
}

func TestSyncTwoSitesDown(t *testing.T) {
	defer goleak.VerifyNone(t)

	api := &fakeAPI{
		counts: map[string]map[string]int{"ber": {"sku-1": 4}, "lis": {"sku-1": 1}},
	}
	s := New(api, "ber", "lis", "osl", "waw")
	api.counts["osl"] = map[string]int{"sku-1": 2}
	api.counts["waw"] = map[string]int{"sku-2": 7}
	if err := s.Sync(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got := s.Available("sku-1"); got != 7 {
		t.Fatalf("sku-1 = %d, want 7", got)
	}

	api.down = map[string]bool{"osl": true, "waw": true}
	if err := s.Sync(context.Background()); err == nil {
		t.Fatal("expected sync error")
	}
	if got := s.Available("sku-1"); got != 7 {
		t.Fatalf("view changed after failed sync: %d", got)
	}
}

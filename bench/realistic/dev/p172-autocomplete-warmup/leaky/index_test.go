package suggest

import (
	"context"
	"reflect"
	"testing"
	"time"

	"go.uber.org/goleak"
)

func TestWarmFromSeedAndSources(t *testing.T) {
	defer goleak.VerifyNone(t)

	queries := Source{Name: "queries", Load: func(ctx context.Context) ([]Term, error) {
		return []Term{{"golang tutorial", 90}, {"gopher plush", 40}, {"rust book", 70}}, nil
	}}
	catalogue := Source{Name: "catalogue", Load: func(ctx context.Context) ([]Term, error) {
		t.Error("seeded source must not be loaded")
		return nil, nil
	}}
	seed := map[string][]Term{"catalogue": {{"Gopher Mug", 60}, {"Go Stickers", 10}}}

	ix := New([]Source{queries, catalogue}, WithSeed(seed))
	defer ix.Close()

	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	if err := ix.WaitReady(ctx); err != nil {
		t.Fatal(err)
	}
	got := ix.Suggest("go", 3)
	want := []string{"golang tutorial", "gopher mug", "gopher plush"}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("Suggest(go) = %q, want %q", got, want)
	}
}

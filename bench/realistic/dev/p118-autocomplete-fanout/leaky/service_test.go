package autocomplete

import (
	"context"
	"testing"
	"time"

	"go.uber.org/goleak"
)

func TestSlowShardIsLeftOut(t *testing.T) {
	defer goleak.VerifyNone(t)

	fast := &MemShard{ID: "a-m", Terms: map[string]float64{"golang": 9, "gopher": 7, "goroutine": 5}}
	slow := &MemShard{ID: "n-z", Terms: map[string]float64{"gossip": 8}, Latency: 40 * time.Millisecond}
	svc := New([]Shard{fast, slow}, WithDeadline(10*time.Millisecond), WithLimit(2))

	got, err := svc.Suggest(context.Background(), " Go")
	if err != nil {
		t.Fatalf("Suggest: %v", err)
	}
	if len(got) != 2 || got[0].Text != "golang" || got[1].Text != "gopher" {
		t.Fatalf("suggestions = %+v", got)
	}
}

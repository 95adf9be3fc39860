package leaderboard

import (
	"testing"
	"time"

	"go.uber.org/goleak"
)

func TestRefreshOnDemand(t *testing.T) {
	defer goleak.VerifyNone(t)

	b := New(WithInterval(time.Hour))
	defer b.Close()

	for _, s := range []struct {
		player string
		score  int64
	}{{"ana", 120}, {"bo", 300}, {"cy", 120}, {"ana", 90}} {
		if err := b.Submit(s.player, s.score); err != nil {
			t.Fatal(err)
		}
	}
	b.Refresh()

	deadline := time.Now().Add(time.Second)
	var top []Entry
	for {
		var gen uint64
		if top, gen = b.Top(10); gen > 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("ranking never computed")
		}
		time.Sleep(time.Millisecond)
	}
	want := []Entry{{1, "bo", 300}, {2, "ana", 120}, {2, "cy", 120}}
	if len(top) != len(want) {
		t.Fatalf("top = %+v", top)
	}
	for i := range want {
		if top[i] != want[i] {
			t.Errorf("top[%d] = %+v, want %+v", i, top[i], want[i])
		}
	}
}

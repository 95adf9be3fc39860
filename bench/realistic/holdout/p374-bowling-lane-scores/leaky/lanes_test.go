package lanes

import (
	"testing"
	"time"

	"go.uber.org/goleak"
)

func waitFor(t *testing.T, what string, cond func() bool) bool {
	t.Helper()
	deadline := time.Now().Add(time.Second)
	for time.Now().Before(deadline) {
		if cond() {
			return true
		}
		time.Sleep(5 * time.Millisecond)
	}
	t.Errorf("timed out waiting for %s", what)
	return false
}

func TestLeagueNightOnLaneSeven(t *testing.T) {
	defer goleak.VerifyNone(t)

	feed := NewFeed(7)
	board := NewScoreboard()
	board.Follow(feed)

	// Ann bowls a perfect game; Bob throws nine-spares with a 9 fill.
	for i := 0; i < 12; i++ {
		if err := feed.Publish(Roll{Bowler: "ann", Pins: 10}); err != nil {
			t.Fatal(err)
		}
	}
	for i := 0; i < 21; i++ {
		pins := 9
		if i%2 == 1 && i < 20 {
			pins = 1
		}
		if err := feed.Publish(Roll{Bowler: "bob", Pins: pins}); err != nil {
			t.Fatal(err)
		}
	}

	waitFor(t, "both games to finish", func() bool {
		st := board.Standings(7)
		return len(st) == 2 && st[0].Finished && st[1].Finished
	})
	st := board.Standings(7)
	if st[0].Bowler != "ann" || st[0].Score != 300 {
		t.Errorf("leader = %+v, want ann with 300", st[0])
	}
	if st[1].Bowler != "bob" || st[1].Score != 190 {
		t.Errorf("second = %+v, want bob with 190", st[1])
	}
	if errs := board.Errors(); len(errs) != 0 {
		t.Errorf("unexpected roll errors: %v", errs)
	}

	feed.Close()
	if err := feed.Publish(Roll{Bowler: "ann", Pins: 3}); err != ErrFeedClosed {
		t.Errorf("Publish after Close = %v, want ErrFeedClosed", err)
	}
	waitFor(t, "lane 7 to close on the scoreboard", func() bool { return board.LaneClosed(7) })
}

package racetiming

import (
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type feed struct{ out chan Announcement }

func (f *feed) Publish(a Announcement) error {
	f.out <- a
	return nil
}

func (f *feed) next(t *testing.T) Announcement {
	t.Helper()
	select {
	case a := <-f.out:
		return a
	case <-time.After(time.Second):
		t.Fatal("no announcement within 1s")
		return Announcement{}
	}
}

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(2 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(time.Millisecond)
	}
}

func TestPulledUpRunnerIsAnnounced(t *testing.T) {
	defer goleak.VerifyNone(t)

	gates := []Gate{{"4f", 800}, {"2f", 1200}, {"finish", 1600}}
	race, err := NewRace("3:15 Newbury", gates, []Runner{
		{Cloth: 1, Horse: "Silver Lining", Jockey: "H. Doyle"},
		{Cloth: 2, Horse: "Kettle Drum", Jockey: "R. Moore"},
		{Cloth: 3, Horse: "Late Frost", Jockey: "O. Murphy"},
	})
	if err != nil {
		t.Fatal(err)
	}
	f := &feed{out: make(chan Announcement, 3)}
	NewAnnouncer(race, f).Watch()
	waitFor(t, "announcer to follow all runners", func() bool { return race.Watchers() == 3 })

	off := time.Date(2023, 4, 22, 15, 15, 30, 0, time.UTC)
	if err := race.Start(off); err != nil {
		t.Fatal(err)
	}
	passes := []struct {
		gate, cloth int
		at          time.Duration
	}{
		{0, 2, 49310 * time.Millisecond},
		{0, 1, 49520 * time.Millisecond},
		{0, 3, 50100 * time.Millisecond},
		{1, 1, 73800 * time.Millisecond},
		{1, 2, 73950 * time.Millisecond},
		{2, 1, 97420 * time.Millisecond},
		{2, 2, 97610 * time.Millisecond},
	}
	for _, p := range passes {
		if err := race.RecordPass(p.gate, p.cloth, off.Add(p.at)); err != nil {
			t.Fatal(err)
		}
	}
	// Finishers are announced from separate goroutines, in either order.
	first, second := f.next(t), f.next(t)
	if first.Cloth > second.Cloth {
		first, second = second, first
	}
	if first.Cloth != 1 || !strings.HasPrefix(first.Text, "1st 1: Silver Lining") {
		t.Fatalf("first announcement = %+v", first)
	}
	if second.Cloth != 2 || !strings.Contains(second.Text, "1:37.61") {
		t.Fatalf("second announcement = %+v", second)
	}
	waitFor(t, "finishers' watchers to return", func() bool { return race.Watchers() == 1 })

	if err := race.PullUp(3); err != nil {
		t.Fatal(err)
	}
	if !race.Official() {
		t.Fatal("race not official after last runner pulled up")
	}
	third := f.next(t)
	if third.Cloth != 3 || third.Status != PulledUp || !strings.Contains(third.Text, "after 4f") {
		t.Fatalf("third announcement = %+v", third)
	}
}

package laptiming

import (
	"context"
	"fmt"
	"log"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type scoreboard struct {
	mu   sync.Mutex
	laps map[string][]Lap
}

func (b *scoreboard) PublishLap(ctx context.Context, lap Lap) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.laps == nil {
		b.laps = make(map[string][]Lap)
	}
	b.laps[lap.Bib] = append(b.laps[lap.Bib], lap)
	return nil
}

type crossing struct {
	tp string
	at time.Duration
}

// decoderFeed renders the decoder output for riders crossing the line from
// lap fromLap to toLap, with a rolling start of 1.2s between riders.
func decoderFeed(lapTimes map[string]time.Duration, fromLap, toLap int) string {
	var cs []crossing
	tps := make([]string, 0, len(lapTimes))
	for tp := range lapTimes {
		tps = append(tps, tp)
	}
	sort.Strings(tps)
	for i, tp := range tps {
		offset := time.Duration(i) * 1200 * time.Millisecond
		for lap := fromLap; lap <= toLap; lap++ {
			at := offset + time.Duration(lap)*lapTimes[tp]
			cs = append(cs, crossing{tp, at})
			if lap%3 == 1 {
				cs = append(cs, crossing{tp, at + 40*time.Millisecond})
			}
		}
	}
	sort.Slice(cs, func(i, j int) bool { return cs[i].at < cs[j].at })

	var b strings.Builder
	b.WriteString("# decoder 7F3A, loop finish + 200m\n")
	b.WriteString("S,7F3A,noise=12,temp=31\n")
	for i, c := range cs {
		us := c.at.Microseconds()
		fmt.Fprintf(&b, "P,%s,finish,%d,%d,%d\n", c.tp, us, 110+i%17, 3+i%4)
		fmt.Fprintf(&b, "P,%s,200m,%d,%d,%d\n", c.tp, us+int64(4*time.Second/time.Microsecond), 95, 2)
		if i == 5 {
			b.WriteString("P,T10\n")
		}
	}
	return b.String()
}

func TestTwoKilometreScratchWithCrash(t *testing.T) {
	board := &scoreboard{}
	var logs strings.Builder
	s, err := NewSession(Config{
		Entries: map[string]string{
			"T101": "12",
			"T102": "7",
			"T103": "31",
			"T104": "4",
		},
		TrackLength: 250,
		MinLap:      12 * time.Second,
		Publisher:   board,
		Logger:      log.New(&logs, "", 0),
	})
	if err != nil {
		t.Fatal(err)
	}

	pace := map[string]time.Duration{
		"T101": 16400 * time.Millisecond,
		"T102": 16100 * time.Millisecond,
		"T103": 16800 * time.Millisecond,
		"T104": 17300 * time.Millisecond,
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()

	if err := s.Feed(ctx, strings.NewReader(decoderFeed(pace, 0, 3))); err != nil {
		t.Fatalf("feed laps 0-3: %v", err)
	}
	if err := s.Abandon("T103", "crash turn 2"); err != nil {
		t.Fatal(err)
	}
	if err := s.Feed(ctx, strings.NewReader(decoderFeed(pace, 4, 8))); err != nil {
		t.Fatalf("feed laps 4-8: %v", err)
	}

	res, err := s.Finish(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Standings) != 3 {
		t.Fatalf("got %d classified riders, want 3: %+v", len(res.Standings), res.Standings)
	}
	wantOrder := []string{"7", "12", "4"}
	for i, st := range res.Standings {
		if st.Bib != wantOrder[i] {
			t.Errorf("place %d: bib %s, want %s", i+1, st.Bib, wantOrder[i])
		}
		if st.Laps != 8 {
			t.Errorf("bib %s: %d laps, want 8", st.Bib, st.Laps)
		}
	}
	if len(res.DNF) != 1 || res.DNF[0].Bib != "31" {
		t.Errorf("DNF = %+v, want bib 31", res.DNF)
	}

	board.mu.Lock()
	for bib, laps := range board.laps {
		for i, l := range laps {
			if l.SpeedKPH < 50 || l.SpeedKPH > 56 {
				t.Errorf("bib %s lap %d: implausible speed %.1f km/h", bib, i+1, l.SpeedKPH)
			}
		}
	}
	board.mu.Unlock()

	goleak.VerifyNone(t)
}

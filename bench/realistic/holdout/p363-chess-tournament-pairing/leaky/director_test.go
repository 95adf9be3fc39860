package pairing

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"
)

// fakeStore serves fixed standings. Sections listed in slow do not answer
// until release is closed, like the large sections whose ratings come
// from the federation's rating service.
type fakeStore struct {
	sections  []string
	standings map[string][]Player
	slow      map[string]bool
	release   chan struct{}
}

func (s *fakeStore) Sections(ctx context.Context, tournament string) ([]string, error) {
	return s.sections, nil
}

func (s *fakeStore) Standings(ctx context.Context, tournament, section string, round int) ([]Player, error) {
	if s.slow[section] {
		select {
		case <-s.release:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	ps, ok := s.standings[section]
	if !ok {
		return nil, fmt.Errorf("no section %q", section)
	}
	out := make([]Player, len(ps))
	copy(out, ps)
	return out, nil
}

func roundRobinDone(prefix string, n int) []Player {
	ps := make([]Player, n)
	for i := range ps {
		ps[i] = Player{ID: fmt.Sprintf("%s%d", prefix, i+1), Rating: 1100 + 10*i, Score: 1.5}
	}
	for i := range ps {
		for j := range ps {
			if i != j {
				ps[i].Opponents = append(ps[i].Opponents, ps[j].ID)
				if i < j {
					ps[i].Colors = append(ps[i].Colors, White)
				} else {
					ps[i].Colors = append(ps[i].Colors, Black)
				}
			}
		}
	}
	return ps
}

func openSection() []Player {
	return []Player{
		{ID: "o1", Rating: 2310, Score: 2, Opponents: []string{"o4", "o2"}, Colors: []Color{White, Black}},
		{ID: "o2", Rating: 2250, Score: 1, Opponents: []string{"o5", "o1"}, Colors: []Color{Black, White}},
		{ID: "o3", Rating: 2205, Score: 2, Opponents: []string{"o6", "o5"}, Colors: []Color{White, Black}},
		{ID: "o4", Rating: 2140, Score: 1, Opponents: []string{"o1", "o6"}, Colors: []Color{Black, White}},
		{ID: "o5", Rating: 2101, Score: 0, Opponents: []string{"o2", "o3"}, Colors: []Color{White, White}},
		{ID: "o6", Rating: 2033, Score: 0, Opponents: []string{"o3", "o4"}, Colors: []Color{Black, Black}},
	}
}

func u1800Section() []Player {
	return []Player{
		{ID: "u1", Rating: 1790, Score: 2, Opponents: []string{"u3", "u2"}},
		{ID: "u2", Rating: 1702, Score: 1, Opponents: []string{"u4", "u1"}},
		{ID: "u3", Rating: 1655, Score: 1, Opponents: []string{"u1"}, HadBye: true},
		{ID: "u4", Rating: 1600, Score: 1, Opponents: []string{"u2", "u5"}},
		{ID: "u5", Rating: 1588, Score: 0, Opponents: []string{"u4"}, HadBye: true},
	}
}

func TestSwissAvoidsRematches(t *testing.T) {
	boards, bye, err := Swiss(u1800Section())
	if err != nil {
		t.Fatal(err)
	}
	if bye != "u4" {
		t.Errorf("bye = %q, want u4", bye)
	}
	byID := map[string]Player{}
	for _, p := range u1800Section() {
		byID[p.ID] = p
	}
	for _, b := range boards {
		w := byID[b.White]
		if w.played(b.Black) {
			t.Errorf("board %d is a rematch: %s-%s", b.Number, b.White, b.Black)
		}
	}
}

func TestPairRoundUnpairableSection(t *testing.T) {
	defer goleak.VerifyNone(t)

	store := &fakeStore{
		sections: []string{"Open", "U1800", "U1200"},
		standings: map[string][]Player{
			"Open":  openSection(),
			"U1800": u1800Section(),
			"U1200": roundRobinDone("k", 4),
		},
		slow:    map[string]bool{"Open": true, "U1800": true},
		release: make(chan struct{}),
	}
	d := NewDirector(store)

	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	rounds, err := d.PairRound(ctx, "spring-open-2024", 4)
	close(store.release)

	if !errors.Is(err, ErrNoPairing) {
		t.Fatalf("PairRound: got %v, %v; want ErrNoPairing", rounds, err)
	}
	if !strings.Contains(err.Error(), "U1200") {
		t.Errorf("error %q does not name the section", err)
	}
}

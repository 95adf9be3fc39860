package cooperage

import (
	"context"
	"errors"
	"fmt"
	"log"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type lightTable struct {
	mu      sync.Mutex
	flagged map[string]Grade
	seen    int
}

func (l *lightTable) Inspect(ctx context.Context, st Stave, spec BarrelSpec) (Grade, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.seen++
	if g, ok := l.flagged[st.ID]; ok {
		return g, nil
	}
	if st.Quartersawn {
		return GradeFirst, nil
	}
	return GradeSecond, nil
}

type handJointer struct{}

func (handJointer) Joint(ctx context.Context, st Stave, bevel, head, bilge float64) (Stave, error) {
	if err := ctx.Err(); err != nil {
		return st, err
	}
	time.Sleep(time.Millisecond)
	st.BevelDeg = bevel
	st.WidthMM = bilge
	st.HollowedMM = st.ThicknessMM * 0.1
	return st, nil
}

func seasonedStack(n int) []Stave {
	stack := make([]Stave, n)
	for i := range stack {
		stack[i] = Stave{
			ID:          fmt.Sprintf("FR-%03d", i+1),
			Species:     FrenchSessileOak,
			LengthMM:    950,
			WidthMM:     80,
			ThicknessMM: 27,
			MoisturePct: 13.5,
			Quartersawn: i%3 != 0,
		}
	}
	return stack
}

func TestRaiseBarriqueFromSeasonedStack(t *testing.T) {
	var logs strings.Builder
	insp := &lightTable{flagged: map[string]Grade{
		"FR-004": GradeReject,
		"FR-011": GradeHeading,
	}}
	shop, err := NewShop(insp, handJointer{},
		WithBenches(4),
		WithLogger(log.New(&logs, "", 0)),
	)
	if err != nil {
		t.Fatal(err)
	}

	stack := seasonedStack(44)
	stack[7].MoisturePct = 19.2
	stack[20].Species = Chestnut

	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()

	barrel, err := shop.Raise(ctx, Barrique(), stack)
	if err != nil {
		t.Fatalf("raise: %v\n%s", err, logs.String())
	}
	if got := len(barrel.Staves); got != 32 {
		t.Fatalf("barrel has %d staves, want 32", got)
	}
	for i, st := range barrel.Staves {
		if st.BevelDeg == 0 {
			t.Errorf("stave %d (%s) was not jointed", i, st.ID)
		}
		if st.Grade < GradeSecond {
			t.Errorf("stave %s graded %s in barrel", st.ID, st.Grade)
		}
	}
	if barrel.Circumference < 2100 || barrel.Circumference > 2250 {
		t.Errorf("bilge circumference %.0fmm out of range", barrel.Circumference)
	}

	_, err = shop.Raise(ctx, Barrique(), stack[:20])
	if !errors.Is(err, ErrNotEnoughStaves) {
		t.Errorf("short stack: got %v, want ErrNotEnoughStaves", err)
	}

	goleak.VerifyNone(t)
}

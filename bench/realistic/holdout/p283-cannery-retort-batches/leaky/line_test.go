package retort

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type testLogger struct{ t *testing.T }

func (l testLogger) Printf(format string, args ...any) { l.t.Logf(format, args...) }

// simRetort simulates steam retorts. A retort's first cycle of the shift
// starts cold and does not reach full process temperature.
type simRetort struct {
	mu       sync.Mutex
	cycles   map[int]int
	cycleDur time.Duration
}

func (s *simRetort) Cook(ctx context.Context, retortID int, b Batch) (CookRecord, error) {
	s.mu.Lock()
	s.cycles[retortID]++
	cold := s.cycles[retortID] == 1
	s.mu.Unlock()

	select {
	case <-ctx.Done():
		return CookRecord{RetortID: retortID}, ctx.Err()
	case <-time.After(s.cycleDur):
	}

	hold := 121.5
	if cold {
		hold = 112.0
	}
	start := time.Date(2023, 9, 2, 6, 0, 0, 0, time.UTC)
	var profile []TempSample
	for m := 0; m <= 40; m++ {
		temp := hold
		switch {
		case m < 10:
			temp = 40 + float64(m)*(hold-40)/10
		case m > 32:
			temp = hold - float64(m-32)*9
		}
		profile = append(profile, TempSample{At: start.Add(time.Duration(m) * time.Minute), TempC: temp})
	}
	f0, err := LethalityF0(profile)
	if err != nil {
		return CookRecord{}, err
	}
	return CookRecord{
		RetortID: retortID,
		Start:    start,
		End:      profile[len(profile)-1].At,
		MinTempC: MinTemp(profile[10:33]),
		F0:       f0,
	}, nil
}

func TestMorningShiftWithColdRetorts(t *testing.T) {
	defer goleak.VerifyNone(t)

	line, err := NewLine(Config{
		Retorts:   2,
		Sterilize: &simRetort{cycles: make(map[int]int), cycleDur: 10 * time.Millisecond},
		Logger:    testLogger{t},
	})
	if err != nil {
		t.Fatal(err)
	}

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()

	outcomes := make(chan Outcome, 8)
	report := func(o Outcome) { outcomes <- o }

	batches := []Batch{
		{ID: "L0902-01", Product: "tuna in brine", Can: "307x113", Cans: 2400, RequiredF0: 6},
		{ID: "L0902-02", Product: "tuna in brine", Can: "307x113", Cans: 2400, RequiredF0: 6},
		{ID: "L0902-03", Product: "chicken soup", Can: "300x407", Cans: 1800, RequiredF0: 8},
		{ID: "L0902-04", Product: "chicken soup", Can: "300x407", Cans: 1800, RequiredF0: 8},
		{ID: "L0902-05", Product: "green beans", Can: "303x406", Cans: 2000, RequiredF0: 4},
	}
	for _, b := range batches {
		if err := line.Submit(ctx, b, report); err != nil {
			t.Fatalf("submit %s: %v", b.ID, err)
		}
	}
	if err := line.Submit(ctx, batches[0], report); err == nil {
		t.Fatal("duplicate batch accepted")
	}

	byDisp := map[Disposition]int{}
	timeout := time.After(time.Second)
	for i := range batches {
		select {
		case o := <-outcomes:
			byDisp[o.Disposition]++
		case <-timeout:
			t.Fatalf("only %d of %d batches reported: %v", i, len(batches), fmt.Sprint(byDisp))
		}
	}
	line.Wait()

	if byDisp[Held] != 2 || byDisp[Released] != 3 {
		t.Fatalf("dispositions: %v", byDisp)
	}
	cycles := 0
	for _, st := range line.Status() {
		if st.Busy || st.Deviations != 1 {
			t.Errorf("retort status: %+v", st)
		}
		cycles += st.Cycles
	}
	if cycles != len(batches) {
		t.Fatalf("cycles = %d, want %d", cycles, len(batches))
	}
}

package turnstile

import (
	"context"
	"fmt"
	"log"
	"os"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type fakeReader struct {
	gate string
	mu   sync.Mutex
	fn   func(Scan)
}

func (r *fakeReader) Gate() string { return r.gate }

func (r *fakeReader) OnScan(fn func(Scan)) func() {
	r.mu.Lock()
	r.fn = fn
	r.mu.Unlock()
	return func() {
		r.mu.Lock()
		r.fn = nil
		r.mu.Unlock()
	}
}

func (r *fakeReader) present(barcode string, dir Direction, at time.Time) {
	r.mu.Lock()
	fn := r.fn
	r.mu.Unlock()
	if fn != nil {
		fn(Scan{Barcode: barcode, Direction: dir, At: at})
	}
}

type ticketDB map[string]Ticket

func (db ticketDB) Lookup(ctx context.Context, barcode string) (Ticket, error) {
	if err := ctx.Err(); err != nil {
		return Ticket{}, err
	}
	t, ok := db[barcode]
	if !ok {
		return Ticket{}, fmt.Errorf("barcode %q: %w", barcode, ErrTicketNotFound)
	}
	return t, nil
}

type recordingBarrier struct {
	mu     sync.Mutex
	events []string
}

func (b *recordingBarrier) Release(_ context.Context, gate string) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.events = append(b.events, gate+": release")
	return nil
}

func (b *recordingBarrier) Refuse(_ context.Context, gate string, reason Reason) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.events = append(b.events, fmt.Sprintf("%s: refuse %s", gate, reason))
	return nil
}

func (b *recordingBarrier) waitFor(t *testing.T, n int, timeout time.Duration) bool {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		b.mu.Lock()
		got := len(b.events)
		b.mu.Unlock()
		if got >= n {
			return true
		}
		if time.Now().After(deadline) {
			t.Errorf("barrier saw %d decisions, want %d", got, n)
			return false
		}
		time.Sleep(2 * time.Millisecond)
	}
}

func (b *recordingBarrier) last() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.events[len(b.events)-1]
}

func TestAwayEndSellsOutAtKickOff(t *testing.T) {
	defer goleak.VerifyNone(t)

	matchday := time.Date(2024, time.March, 9, 0, 0, 0, 0, time.UTC)
	kickoff := matchday.Add(15 * time.Hour)
	tickets := ticketDB{
		"KOP-5521": {ID: "T5521", Stand: "Kop", Seat: "K212", ValidFrom: matchday, ValidTo: matchday.AddDate(0, 0, 1)},
	}
	for i := 1; i <= 6; i++ {
		code := fmt.Sprintf("AWY-%04d", i)
		tickets[code] = Ticket{ID: fmt.Sprintf("A%d", i), Stand: "Away End", Seat: fmt.Sprintf("W%d", 40+i),
			ValidFrom: matchday, ValidTo: matchday.AddDate(0, 0, 1)}
	}
	barrier := &recordingBarrier{}
	svc, err := NewService(Config{
		Stands: []StandConfig{
			{Name: "Kop", Capacity: 12000, Gates: []string{"K1", "K2"}},
			{Name: "Away End", Capacity: 3, Gates: []string{"A1", "A2"}},
		},
		ReentryAfter:    15 * time.Minute,
		DecisionTimeout: time.Second,
		Logger:          log.New(os.Stderr, "turnstile: ", 0),
	}, tickets, barrier)
	if err != nil {
		t.Fatal(err)
	}
	a1, a2 := &fakeReader{gate: "A1"}, &fakeReader{gate: "A2"}
	for _, r := range []*fakeReader{a1, a2} {
		if err := svc.Attach(r); err != nil {
			t.Fatal(err)
		}
	}

	early := kickoff.Add(-90 * time.Minute)
	steps := []struct {
		r       *fakeReader
		barcode string
		dir     Direction
		at      time.Time
		want    string
	}{
		{a1, "AWY-0001", In, early, "A1: release"},
		{a1, "KOP-5521", In, early.Add(time.Minute), "A1: refuse " + string(ReasonWrongStand)},
		{a2, "AWY-9999", In, early.Add(2 * time.Minute), "A2: refuse " + string(ReasonUnknownTicket)},
		{a2, "AWY-0001", In, early.Add(3 * time.Minute), "A2: refuse " + string(ReasonPassback)},
		{a1, "AWY-0001", Out, early.Add(20 * time.Minute), "A1: release"},
		{a1, "AWY-0001", In, early.Add(25 * time.Minute), "A1: refuse " + string(ReasonReentry)},
	}
	for i, st := range steps {
		st.r.present(st.barcode, st.dir, st.at)
		if !barrier.waitFor(t, i+1, time.Second) {
			t.FailNow()
		}
		if got := barrier.last(); got != st.want {
			t.Errorf("step %d (%s): barrier got %q, want %q", i, st.barcode, got, st.want)
		}
	}

	// The kick-off rush: five away fans at both turnstiles at once, room for three.
	var wg sync.WaitGroup
	for i := 2; i <= 6; i++ {
		r := a1
		if i%2 == 0 {
			r = a2
		}
		wg.Add(1)
		go func(r *fakeReader, code string) {
			defer wg.Done()
			r.present(code, In, kickoff.Add(-5*time.Minute))
		}(r, fmt.Sprintf("AWY-%04d", i))
	}
	wg.Wait()
	barrier.waitFor(t, len(steps)+5, time.Second)

	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	if err := svc.Close(ctx); err != nil {
		t.Errorf("Close: %v", err)
	}

	c := svc.Counters()
	if c.Admitted != 4 || c.Exited != 1 || c.Refused[ReasonStandFull] != 2 {
		t.Errorf("counters = %+v, want 4 admitted, 1 exited, 2 refused for capacity", c)
	}
}

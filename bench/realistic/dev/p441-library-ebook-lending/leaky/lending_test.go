package lending

import (
	"context"
	"log"
	"os"
	"sort"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type memCatalog map[string]License

func (c memCatalog) License(_ context.Context, isbn string) (License, error) {
	l, ok := c[isbn]
	if !ok {
		return License{}, ErrUnknownTitle
	}
	return l, nil
}

type memPatrons map[string]Patron

func (m memPatrons) Lookup(_ context.Context, id string) (Patron, error) {
	p, ok := m[id]
	if !ok {
		return Patron{}, ErrUnknownPatron
	}
	return p, nil
}

type memHolds struct {
	mu    sync.Mutex
	holds []Hold
	seq   int64
}

func (m *memHolds) Place(isbn, patronID string, at time.Time) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.seq++
	m.holds = append(m.holds, Hold{Seq: m.seq, ISBN: isbn, PatronID: patronID, Placed: at})
}

func (m *memHolds) List(_ context.Context, isbn string, afterSeq int64, limit int) ([]Hold, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []Hold
	for _, h := range m.holds {
		if h.ISBN == isbn && h.Seq > afterSeq {
			out = append(out, h)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Seq < out[j].Seq })
	if len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}

func (m *memHolds) Remove(_ context.Context, h Hold) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	for i, x := range m.holds {
		if x.Seq == h.Seq {
			m.holds = append(m.holds[:i], m.holds[i+1:]...)
			return nil
		}
	}
	return nil
}

func (m *memHolds) Waiting(isbn string) []string {
	m.mu.Lock()
	defer m.mu.Unlock()
	var ids []string
	for _, h := range m.holds {
		if h.ISBN == isbn {
			ids = append(ids, h.PatronID)
		}
	}
	return ids
}

type outbox struct {
	mu   sync.Mutex
	sent []string
}

func (o *outbox) HoldReady(_ context.Context, p Patron, l Loan) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.sent = append(o.sent, p.ID+":"+l.ISBN)
	return nil
}

func TestReturnPromotesFirstEligibleHold(t *testing.T) {
	defer goleak.VerifyNone(t)

	const isbn = "978-0-452-28423-4"
	start := time.Date(2024, 3, 4, 10, 0, 0, 0, time.UTC)
	catalog := memCatalog{isbn: {ISBN: isbn, Title: "Nineteen Eighty-Four", Copies: 1, LoanPeriod: 14 * 24 * time.Hour}}
	patrons := memPatrons{
		"p-ada":   {ID: "p-ada", Name: "Ada"},
		"p-bert":  {ID: "p-bert", Name: "Bert", FinesDue: 4550},
		"p-chloe": {ID: "p-chloe", Name: "Chloe"},
		"p-dev":   {ID: "p-dev", Name: "Dev"},
		"p-emil":  {ID: "p-emil", Name: "Emil"},
	}
	holds := &memHolds{}
	notes := &outbox{}

	svc := New(catalog, holds, patrons, notes,
		WithHoldPageSize(2),
		WithMaxFines(2000),
		WithClock(func() time.Time { return start }),
		WithLogger(log.New(os.Stderr, "lending: ", 0)),
	)

	ctx := context.Background()
	if _, err := svc.Checkout(ctx, isbn, "p-ada"); err != nil {
		t.Fatalf("checkout: %v", err)
	}
	if _, err := svc.Checkout(ctx, isbn, "p-chloe"); err != ErrNoCopyAvailable {
		t.Fatalf("second checkout: got %v, want ErrNoCopyAvailable", err)
	}

	holds.Place(isbn, "p-bert", start.Add(time.Hour))
	holds.Place(isbn, "p-chloe", start.Add(2*time.Hour))
	holds.Place(isbn, "p-dev", start.Add(3*time.Hour))
	holds.Place(isbn, "p-emil", start.Add(4*time.Hour))

	loan, err := svc.Return(ctx, isbn, "p-ada")
	if err != nil {
		t.Fatalf("return: %v", err)
	}
	if loan == nil || loan.PatronID != "p-chloe" {
		t.Fatalf("promoted loan = %+v, want p-chloe", loan)
	}

	active := svc.ActiveLoans(isbn)
	if len(active) != 1 || active[0].PatronID != "p-chloe" {
		t.Fatalf("active loans = %+v", active)
	}
	if got := holds.Waiting(isbn); len(got) != 3 || got[0] != "p-bert" || got[1] != "p-dev" {
		t.Fatalf("waiting list = %v", got)
	}
	notes.mu.Lock()
	sent := append([]string(nil), notes.sent...)
	notes.mu.Unlock()
	if len(sent) != 1 || sent[0] != "p-chloe:"+isbn {
		t.Fatalf("notifications = %v", sent)
	}
}

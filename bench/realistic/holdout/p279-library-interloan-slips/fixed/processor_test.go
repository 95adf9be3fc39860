package interloan

import (
	"context"
	"fmt"
	"log"
	"os"
	"reflect"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type fakeQueue struct {
	mu       sync.Mutex
	pages    map[string]Page
	pulled   map[string]string
	rejected map[string]string
	fetches  int
}

func (q *fakeQueue) Pending(ctx context.Context, lender, cursor string, limit int) (Page, error) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.fetches++
	page, ok := q.pages[cursor]
	if !ok {
		return Page{}, fmt.Errorf("unknown cursor %q", cursor)
	}
	return page, nil
}

func (q *fakeQueue) MarkPulled(ctx context.Context, id, shelfmark string) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.pulled[id] = shelfmark
	return nil
}

func (q *fakeQueue) Reject(ctx context.Context, id, reason string) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.rejected[id] = reason
	return nil
}

type fakeCatalog map[string]string

func (c fakeCatalog) Locate(ctx context.Context, isbn string) (string, error) {
	if sm, ok := c[isbn]; ok {
		return sm, nil
	}
	return "", ErrNotOnShelf
}

type slipPrinter struct {
	mu      sync.Mutex
	printed []Ticket
}

func (p *slipPrinter) Print(ctx context.Context, t Ticket) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.printed = append(p.printed, t)
	return nil
}

func TestMorningRunStopsWhenTrayIsFull(t *testing.T) {
	defer goleak.VerifyNone(t)

	today := time.Date(2024, 3, 11, 8, 30, 0, 0, time.UTC)
	due := today.AddDate(0, 0, 14)
	slip := func(id, lender, isbn, title string) Slip {
		return Slip{ID: id, Borrower: "DE-1a", Lender: lender, ISBN: isbn, Title: title,
			PatronRef: "P-" + id, NeedBy: due, Received: today.AddDate(0, 0, -2)}
	}

	queue := &fakeQueue{
		pulled:   make(map[string]string),
		rejected: make(map[string]string),
		pages: map[string]Page{
			"": {Next: "c2", Slips: []Slip{
				slip("ILL-1001", "DE-12", "978-0-14-044913-6", "Crime and Punishment"),
				slip("ILL-1002", "DE-7", "978-3-518-38921-3", "Minima Moralia"),
				slip("ILL-1003", "DE-12", "0-19-28X", "A Dictionary of Modern English Usage"),
				slip("ILL-1004", "DE-12", "978-0-262-03384-8", "Introduction to Algorithms"),
			}},
			"c2": {Slips: []Slip{
				slip("ILL-1005", "DE-12", "978-3-16-148410-0", "Handbuch der Bibliothekswissenschaft"),
				slip("ILL-1006", "DE-12", "978-0-201-63361-0", "Design Patterns"),
				slip("ILL-1007", "DE-12", "978-0-13-110362-7", "The C Programming Language"),
				slip("ILL-1008", "DE-12", "978-0-596-51774-8", "JavaScript: The Good Parts"),
				slip("ILL-1009", "DE-12", "978-1-4919-4100-5", "Designing Data-Intensive Applications"),
			}},
		},
	}
	catalog := fakeCatalog{
		"9780140449136": "PG 3326 .P7 2003",
		"9780262033848": "QA 76.6 .C662 2009",
		"9780201633610": "QA 76.64 .D47 1995",
		"9780131103627": "QA 76.73 .C15 K47 1988",
		"9780596517748": "QA 76.73 .J39 C763 2008",
		"9781491941005": "QA 76.9 .D32 K54 2017",
	}
	printer := &slipPrinter{}

	p, err := NewProcessor(Config{Library: "DE-12", PageSize: 5, TrayCapacity: 5, RejectMissing: true},
		queue, catalog, printer,
		WithClock(func() time.Time { return today }),
		WithLogger(log.New(os.Stderr, "interloan: ", 0)),
	)
	if err != nil {
		t.Fatalf("new processor: %v", err)
	}

	sum, err := p.Run(context.Background())
	if err != nil {
		t.Fatalf("run: %v", err)
	}
	want := Summary{Printed: 5, Missing: 1, Rejected: 2, Invalid: 1, TrayFull: true}
	if sum != want {
		t.Errorf("summary = %+v, want %+v", sum, want)
	}

	var ids []string
	for _, tk := range printer.printed {
		ids = append(ids, tk.SlipID)
	}
	if wantIDs := []string{"ILL-1001", "ILL-1004", "ILL-1006", "ILL-1007", "ILL-1008"}; !reflect.DeepEqual(ids, wantIDs) {
		t.Errorf("printed %v, want %v", ids, wantIDs)
	}
	if _, ok := queue.pulled["ILL-1009"]; ok {
		t.Errorf("ILL-1009 marked pulled although the tray was full")
	}
	if queue.rejected["ILL-1005"] != "not on shelf" || queue.rejected["ILL-1003"] != "unparseable ISBN" {
		t.Errorf("rejections = %v", queue.rejected)
	}
}

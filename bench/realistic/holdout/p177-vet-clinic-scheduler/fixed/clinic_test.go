package clinic

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type fakeStore struct {
	mu       sync.Mutex
	apts     map[string]Appointment
	closeErr error
}

func (f *fakeStore) SaveAppointment(_ context.Context, a Appointment) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.apts[a.ID] = a
	return nil
}

func (f *fakeStore) Appointments(_ context.Context, from, to time.Time) ([]Appointment, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []Appointment
	for _, a := range f.apts {
		if a.Start.Before(to) && a.End.After(from) {
			out = append(out, a)
		}
	}
	return out, nil
}

func (f *fakeStore) Close() error { return f.closeErr }

type fakeNotifier struct {
	mu     sync.Mutex
	called []string
}

func (f *fakeNotifier) Remind(context.Context, Appointment) error { return nil }

func (f *fakeNotifier) WalkInCalled(_ context.Context, w WalkIn, vet string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.called = append(f.called, w.Pet+"->"+vet)
	return nil
}

// stoppedClock never fires, so the reminder loop only ever waits.
type stoppedClock struct{ now time.Time }

func (c stoppedClock) Now() time.Time                       { return c.now }
func (c stoppedClock) After(time.Duration) <-chan time.Time { return make(chan time.Time) }

func TestCloseWithQueuedWalkInAndFailingStore(t *testing.T) {
	defer goleak.VerifyNone(t)

	errDiskFull := errors.New("disk full")
	store := &fakeStore{apts: make(map[string]Appointment), closeErr: errDiskFull}
	notifier := &fakeNotifier{}
	day := time.Date(2024, 3, 4, 9, 0, 0, 0, time.UTC)

	s, err := New(Config{
		Vets:             []string{"dr-okafor", "dr-lind"},
		WalkInVets:       []string{"dr-okafor"},
		SlotLength:       30 * time.Minute,
		ReminderLead:     24 * time.Hour,
		ReminderInterval: time.Minute,
	}, store, notifier, WithClock(stoppedClock{now: day}))
	if err != nil {
		t.Fatalf("New: %v", err)
	}

	ctx := context.Background()
	req := BookingRequest{Vet: "dr-lind", Pet: "Biscuit", Owner: "A. Moreau", Start: day.Add(time.Hour)}
	if _, err := s.Book(ctx, req); err != nil {
		t.Fatalf("Book: %v", err)
	}
	req.Pet = "Nugget"
	if _, err := s.Book(ctx, req); !errors.Is(err, ErrSlotTaken) {
		t.Fatalf("second Book: got %v, want ErrSlotTaken", err)
	}

	first, err := s.AdmitWalkIn(ctx, WalkIn{Pet: "Mochi", Owner: "K. Sato"})
	if err != nil {
		t.Fatalf("AdmitWalkIn: %v", err)
	}
	vet, err := first.Wait(ctx)
	if err != nil || vet != "dr-okafor" {
		t.Fatalf("first walk-in: vet %q, err %v", vet, err)
	}

	// The only walk-in vet is busy, so this one has to queue.
	if _, err := s.AdmitWalkIn(ctx, WalkIn{Pet: "Pepper", Owner: "J. Ruiz"}); err != nil {
		t.Fatalf("AdmitWalkIn: %v", err)
	}

	if err := s.Close(); !errors.Is(err, errDiskFull) {
		t.Fatalf("Close: got %v, want %v", err, errDiskFull)
	}
	if _, err := s.AdmitWalkIn(ctx, WalkIn{Pet: "Late"}); !errors.Is(err, ErrClosed) {
		t.Fatalf("AdmitWalkIn after Close: got %v, want ErrClosed", err)
	}
}

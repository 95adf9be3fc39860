package studio

import (
	"context"
	"errors"
	"log"
	"os"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type event struct {
	kind    string
	client  string
	booking Booking
}

type smsGateway struct{ events chan event }

func (g *smsGateway) SlotOffered(_ context.Context, client string, b Booking) error {
	g.events <- event{kind: "offered", client: client, booking: b}
	return nil
}

func (g *smsGateway) WaitlistClosed(_ context.Context, client, _ string) error {
	g.events <- event{kind: "closed", client: client}
	return nil
}

var errDiskFull = errors.New("write waitlist.json: no space left on device")

type fullDisk struct{}

func (fullDisk) SaveWaitlist(context.Context, []WaitlistEntry) error { return errDiskFull }

func at(hour int) time.Time { return time.Date(2024, 6, 1, hour, 0, 0, 0, time.UTC) }

func TestCancellationGoesToWaitlistThenClose(t *testing.T) {
	defer goleak.VerifyNone(t)

	sms := &smsGateway{events: make(chan event, 8)}
	s, err := New(Config{
		Artists: []Artist{
			{Name: "Mara", HourlyRate: 150, DepositRate: 0.2},
			{Name: "Kenji", HourlyRate: 180, DepositRate: 0.25},
		},
		OpenHour:  11,
		CloseHour: 20,
		Notifier:  sms,
		Store:     fullDisk{},
		Logger:    log.New(os.Stderr, "", 0),
	})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()

	if _, err := s.Book(ctx, "ana", "fine-line peonies", Slot{Artist: "Mara", Start: at(12), Length: 2 * time.Hour}); err != nil {
		t.Fatal(err)
	}
	ben, err := s.Book(ctx, "ben", "botanical sleeve, session 2", Slot{Artist: "Mara", Start: at(14), Length: 3 * time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	if ben.Deposit != 90 {
		t.Errorf("deposit = %d, want 90", ben.Deposit)
	}
	if _, err := s.Book(ctx, "eli", "script", Slot{Artist: "Mara", Start: at(15), Length: time.Hour}); !errors.Is(err, ErrSlotTaken) {
		t.Errorf("overlapping booking: err = %v", err)
	}
	if _, err := s.Book(ctx, "eli", "koi", Slot{Artist: "Kenji", Start: at(19), Length: 2 * time.Hour}); !errors.Is(err, ErrOutsideHours) {
		t.Errorf("late booking: err = %v", err)
	}

	for _, w := range []struct{ client, artist, design string }{
		{"cleo", "Mara", "moth on sternum"},
		{"dev", "Kenji", "hannya mask, back piece"},
	} {
		pos, err := s.JoinWaitlist(ctx, w.client, w.artist, w.design)
		if err != nil || pos != 1 {
			t.Fatalf("JoinWaitlist(%s) = %d, %v", w.client, pos, err)
		}
	}
	if _, err := s.JoinWaitlist(ctx, "cleo", "Mara", "moth"); err == nil {
		t.Error("joining the same waitlist twice succeeded")
	}

	if err := s.Cancel(ctx, ben.ID); err != nil {
		t.Fatal(err)
	}
	select {
	case ev := <-sms.events:
		if ev.kind != "offered" || ev.client != "cleo" || !ev.booking.Slot.Start.Equal(at(14)) {
			t.Fatalf("unexpected notification %+v", ev)
		}
	case <-time.After(2 * time.Second):
		t.Fatal("cleo was never offered the cancelled slot")
	}
	if wl := s.Waitlist("Mara"); len(wl) != 0 {
		t.Errorf("Mara waitlist = %+v, want empty", wl)
	}
	if wl := s.Waitlist("Kenji"); len(wl) != 1 || wl[0].Client != "dev" {
		t.Errorf("Kenji waitlist = %+v, want only dev", wl)
	}
	if sched := s.Schedule("Mara"); len(sched) != 2 || sched[1].Client != "cleo" {
		t.Errorf("schedule = %+v", sched)
	}

	if err := s.Close(ctx); !errors.Is(err, errDiskFull) {
		t.Errorf("Close error = %v, want %v", err, errDiskFull)
	}
}

package secondary

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"sync"
	"testing"

	"go.uber.org/goleak"
)

type fakeTransport struct {
	mu     sync.Mutex
	serial uint32
}

func (t *fakeTransport) setSerial(s uint32) {
	t.mu.Lock()
	t.serial = s
	t.mu.Unlock()
}

func (t *fakeTransport) soaRR() RR {
	return RR{Name: "example.com.", TTL: 3600, Class: "IN", Type: "SOA",
		Data: fmt.Sprintf("ns1.example.com. hostmaster.example.com. %d 3600 600 604800 300", t.serial)}
}

func (t *fakeTransport) SOA(ctx context.Context, primary, zone string) (SOA, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	return parseSOA(t.soaRR())
}

func (t *fakeTransport) AXFR(ctx context.Context, primary, zone string) ([]RR, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	soa := t.soaRR()
	return []RR{
		soa,
		{Name: "example.com.", TTL: 3600, Class: "IN", Type: "NS", Data: "ns1.example.com."},
		{Name: "ns1.example.com.", TTL: 3600, Class: "IN", Type: "A", Data: "192.0.2.53"},
		{Name: "www.example.com.", TTL: 300, Class: "IN", Type: "A", Data: fmt.Sprintf("198.51.100.%d", t.serial%100)},
		soa,
	}, nil
}

type fakeStore struct {
	mu      sync.Mutex
	files   map[string]string
	failErr error
}

func (s *fakeStore) Save(ctx context.Context, zone string, serial uint32, r io.Reader) error {
	s.mu.Lock()
	failErr := s.failErr
	s.mu.Unlock()
	if failErr != nil {
		return fmt.Errorf("create temp file for %s: %w", zone, failErr)
	}
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	s.mu.Lock()
	s.files[zone] = string(b)
	s.mu.Unlock()
	return nil
}

var errNoSpace = errors.New("no space left on device")

func TestNotifyWithFailingStoreKeepsServingOldSerial(t *testing.T) {
	defer goleak.VerifyNone(t)

	transport := &fakeTransport{serial: 2024031401}
	store := &fakeStore{files: make(map[string]string)}
	events := make(chan TransferEvent, 4)
	srv, err := New(Config{
		Zones:      []ZoneConfig{{Name: "example.com", Primaries: []string{"192.0.2.1"}}},
		Transport:  transport,
		Store:      store,
		Logger:     log.New(io.Discard, "", 0),
		OnTransfer: func(ev TransferEvent) { events <- ev },
	})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	srv.Start()
	defer srv.Close()

	ev := <-events
	if ev.Err != nil || !ev.Updated || ev.Serial != 2024031401 {
		t.Fatalf("initial transfer: %+v", ev)
	}
	rrs, err := srv.Lookup("www.example.com", "A")
	if err != nil || len(rrs) != 1 || rrs[0].Data != "198.51.100.1" {
		t.Fatalf("Lookup www = %v, %v", rrs, err)
	}
	store.mu.Lock()
	saved := store.files["example.com."]
	store.mu.Unlock()
	if saved == "" {
		t.Fatal("initial transfer was not persisted")
	}

	if err := srv.Notify("example.com", "203.0.113.9", 2024031402); !errors.Is(err, ErrRefused) {
		t.Fatalf("Notify from stranger: err = %v, want ErrRefused", err)
	}

	transport.setSerial(2024031402)
	store.mu.Lock()
	store.failErr = errNoSpace
	store.mu.Unlock()
	if err := srv.Notify("example.com.", "192.0.2.1", 2024031402); err != nil {
		t.Fatalf("Notify: %v", err)
	}
	ev = <-events
	if !errors.Is(ev.Err, errNoSpace) || ev.Updated {
		t.Fatalf("refresh after notify: %+v, want store error", ev)
	}
	if serial, _ := srv.Serial("example.com"); serial != 2024031401 {
		t.Errorf("serial after failed refresh = %d, want 2024031401", serial)
	}
	rrs, err = srv.Lookup("www.example.com.", "A")
	if err != nil || len(rrs) != 1 || rrs[0].Data != "198.51.100.1" {
		t.Errorf("Lookup after failed refresh = %v, %v", rrs, err)
	}
}

package zonexfer

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"go.uber.org/goleak"
)

type fakeStore struct {
	mu    sync.Mutex
	zones map[string]*Zone
}

func (f *fakeStore) LoadZone(_ context.Context, origin string) (*Zone, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	z, ok := f.zones[origin]
	if !ok {
		return nil, fmt.Errorf("%w: %s", ErrUnknownZone, origin)
	}
	cp := *z
	cp.Records = append([]Record(nil), z.Records...)
	return &cp, nil
}

type fakeWriter struct {
	mu     sync.Mutex
	stored []*Zone
}

func (f *fakeWriter) StoreZone(_ context.Context, z *Zone) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.stored = append(f.stored, z)
	return nil
}

func (f *fakeWriter) count() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.stored)
}

func exampleZone(serial uint32) *Zone {
	return &Zone{
		Origin: "example.com.",
		Records: []Record{
			{Name: "example.com.", TTL: 3600, Type: TypeSOA, Data: fmt.Sprintf("ns1.example.com. hostmaster.example.com. %d 7200 3600 1209600 300", serial)},
			{Name: "example.com.", TTL: 3600, Type: TypeNS, Data: "ns1.example.com."},
			{Name: "example.com.", TTL: 3600, Type: TypeNS, Data: "ns2.example.com."},
			{Name: "ns1.example.com.", TTL: 3600, Type: TypeA, Data: "192.0.2.1"},
			{Name: "ns2.example.com.", TTL: 3600, Type: TypeA, Data: "192.0.2.2"},
			{Name: "www.example.com.", TTL: 300, Type: TypeCNAME, Data: "example.com."},
			{Name: "example.com.", TTL: 300, Type: TypeMX, Data: "10 mail.example.com."},
		},
	}
}

func TestNotifyBeforePrimaryCatchesUp(t *testing.T) {
	defer goleak.VerifyNone(t)

	const origin = "example.com."
	store := &fakeStore{zones: map[string]*Zone{origin: exampleZone(2024010101)}}
	primary := NewPrimary(store)
	writer := &fakeWriter{}
	sec, err := NewSecondary(SecondaryConfig{Primary: primary, Writer: writer, Logf: t.Logf})
	if err != nil {
		t.Fatal(err)
	}
	primary.AddSecondary(origin, sec)

	ctx := context.Background()
	if err := primary.NotifyAll(ctx, origin); err != nil {
		t.Fatalf("initial notify: %v", err)
	}
	if got, ok := sec.Serial(origin); !ok || got != 2024010101 {
		t.Fatalf("serial after initial transfer = %d, %v", got, ok)
	}
	if n := writer.count(); n != 1 {
		t.Fatalf("stored %d zones, want 1", n)
	}
	if got := len(writer.stored[0].Records); got != 7 {
		t.Fatalf("stored zone has %d records, want 7", got)
	}

	// A NOTIFY for a newer serial arrives from a peer before this primary's
	// store has been updated; the secondary must keep its copy.
	if err := sec.Notify(ctx, origin, 2024010102); err != nil {
		t.Fatalf("early notify: %v", err)
	}
	if n := writer.count(); n != 1 {
		t.Fatalf("stored %d zones, want 1", n)
	}

	store.mu.Lock()
	store.zones[origin] = exampleZone(2024010102)
	store.mu.Unlock()
	changed, err := sec.Refresh(ctx, origin)
	if err != nil || !changed {
		t.Fatalf("refresh after update = %v, %v; want true, nil", changed, err)
	}
	if got, _ := sec.Serial(origin); got != 2024010102 {
		t.Fatalf("serial = %d, want 2024010102", got)
	}
}

package rating

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type memBlobs struct {
	mu      sync.Mutex
	objects map[string][]byte
}

func (m *memBlobs) put(key, body string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.objects[key] = []byte(body)
}

func (m *memBlobs) Download(ctx context.Context, key string, w io.Writer) error {
	m.mu.Lock()
	body, ok := m.objects[key]
	m.mu.Unlock()
	if !ok {
		return fmt.Errorf("object %q not found", key)
	}
	_, err := w.Write(body)
	return err
}

const retailCard = `prefix,destination,connect_fee,per_minute,first_increment,next_increment
44,United Kingdom,0.0000,0.0120,60,60
447,United Kingdom Mobile,0.0150,0.0450,30,6
49,Germany,0.0000,0.0100,60,60
`

// republishedCard is a large card with a typo near the top.
func republishedCard() string {
	var b strings.Builder
	b.WriteString("prefix,destination,connect_fee,per_minute,first_increment,next_increment\n")
	b.WriteString("44,United Kingdom,0.0000,0.0110,60,60\n")
	b.WriteString("447,United Kingdom Mobile,0.0150,0.O420,30,6\n")
	for i := 0; i < 1000; i++ {
		fmt.Fprintf(&b, "49%04d,Germany zone %d,0.0000,0.0095,60,60\n", i, i)
	}
	return b.String()
}

func TestReloadKeepsCardsWhenRepublishedCardIsMalformed(t *testing.T) {
	defer goleak.VerifyNone(t)

	blobs := &memBlobs{objects: make(map[string][]byte)}
	blobs.put("cards/retail.csv", retailCard)
	eng := NewEngine(NewLoader(blobs), Config{Plans: map[string]string{"retail": "cards/retail.csv"}})
	ctx := context.Background()

	if err := eng.Reload(ctx); err != nil {
		t.Fatalf("initial Reload: %v", err)
	}
	cdr := CDR{ID: "c-1", Plan: "retail", Callee: "447700900123", Duration: 95 * time.Second}
	want := Charge{CDRID: "c-1", Prefix: "447", Destination: "United Kingdom Mobile", BilledSeconds: 96, AmountMicros: 15000 + 72000}
	got, err := eng.Rate(cdr)
	if err != nil || got != want {
		t.Fatalf("Rate = %+v, %v; want %+v", got, err, want)
	}

	blobs.put("cards/retail.csv", republishedCard())
	err = eng.Reload(ctx)
	if !errors.Is(err, ErrMalformedCard) {
		t.Fatalf("Reload of malformed card: err = %v, want ErrMalformedCard", err)
	}

	got, err = eng.Rate(cdr)
	if err != nil || got != want {
		t.Fatalf("after failed reload Rate = %+v, %v; want %+v", got, err, want)
	}
}

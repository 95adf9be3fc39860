package telemetry

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type published struct {
	topic string
	msg   Message
}

type fakeBus struct {
	mu   sync.Mutex
	msgs []published
	seen chan published
}

func newFakeBus() *fakeBus { return &fakeBus{seen: make(chan published, 16)} }

func (b *fakeBus) Publish(_ context.Context, topic string, msg Message) error {
	b.mu.Lock()
	b.msgs = append(b.msgs, published{topic, msg})
	b.mu.Unlock()
	b.seen <- published{topic, msg}
	return nil
}

type fixedClock struct{ t time.Time }

func (c fixedClock) Now() time.Time { return c.t }

func frame(vin string, epoch uint16, seq uint32, kind Kind, payload string) []byte {
	return EncodeFrame(Frame{
		Header: Header{
			Kind:    kind,
			Epoch:   epoch,
			Seq:     seq,
			Time:    time.Date(2023, 5, 4, 10, 0, int(seq), 0, time.UTC),
			Vehicle: vin,
		},
		Payload: []byte(payload),
	})
}

func TestFrameRoundTrip(t *testing.T) {
	raw := frame("WVWZZZ1JZXW000001", 3, 42, KindBattery, `{"soc":81}`)
	f, err := DecodeFrame(raw)
	if err != nil {
		t.Fatalf("DecodeFrame: %v", err)
	}
	if f.Vehicle != "WVWZZZ1JZXW000001" || f.Epoch != 3 || f.Seq != 42 || f.Kind != KindBattery || string(f.Payload) != `{"soc":81}` {
		t.Fatalf("unexpected frame %+v", f)
	}
	raw[len(raw)-6] ^= 0xff
	if _, err := DecodeFrame(raw); !errors.Is(err, ErrBadChecksum) {
		t.Fatalf("corrupted frame error = %v", err)
	}
}

func TestRouterVehicleReboot(t *testing.T) {
	defer goleak.VerifyNone(t)

	bus := newFakeBus()
	r := NewRouter(bus, Config{
		Topics: map[Kind]string{
			KindPosition: "fleet.position",
			KindBattery:  "fleet.battery",
		},
		DefaultTopic: "fleet.misc",
		QueueSize:    4,
		Clock:        fixedClock{time.Date(2023, 5, 4, 10, 1, 0, 0, time.UTC)},
	})
	ctx := context.Background()
	const vin = "WVWZZZ1JZXW000001"

	expect := func(topic string, epoch uint16, seq uint32) {
		t.Helper()
		p := <-bus.seen
		if p.topic != topic || p.msg.Epoch != epoch || p.msg.Seq != seq {
			t.Fatalf("published %s epoch %d seq %d, want %s epoch %d seq %d",
				p.topic, p.msg.Epoch, p.msg.Seq, topic, epoch, seq)
		}
	}

	if err := r.Ingest(ctx, frame(vin, 1, 1, KindPosition, "52.52,13.40")); err != nil {
		t.Fatal(err)
	}
	expect("fleet.position", 1, 1)
	if err := r.Ingest(ctx, frame(vin, 1, 1, KindPosition, "52.52,13.40")); err != nil {
		t.Fatal(err)
	}
	if err := r.Ingest(ctx, frame(vin, 1, 2, KindEngine, "rpm=2100")); err != nil {
		t.Fatal(err)
	}
	expect("fleet.misc", 1, 2)

	// The telematics unit reboots: a new epoch with sequence numbers
	// starting over.
	if err := r.Ingest(ctx, frame(vin, 2, 1, KindBattery, "soc=80")); err != nil {
		t.Fatal(err)
	}
	expect("fleet.battery", 2, 1)

	if err := r.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if err := r.Ingest(ctx, frame(vin, 2, 2, KindBattery, "soc=79")); !errors.Is(err, ErrClosed) {
		t.Fatalf("Ingest after Close = %v, want ErrClosed", err)
	}
	bus.mu.Lock()
	n := len(bus.msgs)
	bus.mu.Unlock()
	if st := r.Stats(); n != 3 || st.Duplicates != 1 {
		t.Fatalf("%d messages published, stats = %+v", n, st)
	}
}

package escaperoom

import (
	"context"
	"fmt"
	"log"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type asyncBus struct {
	mu       sync.Mutex
	handlers map[string]func(Reading)
}

type busSub struct {
	bus   *asyncBus
	topic string
}

func (s busSub) Unsubscribe() error {
	s.bus.mu.Lock()
	defer s.bus.mu.Unlock()
	delete(s.bus.handlers, s.topic)
	return nil
}

func (b *asyncBus) Subscribe(topic string, h func(Reading)) (Subscription, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.handlers == nil {
		b.handlers = make(map[string]func(Reading))
	}
	b.handlers[topic] = h
	return busSub{bus: b, topic: topic}, nil
}

func (b *asyncBus) Publish(topic string, r Reading) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for pattern, h := range b.handlers {
		if strings.HasPrefix(topic, strings.TrimSuffix(pattern, "#")) {
			go h(r)
		}
	}
}

type recordingProps struct {
	mu       sync.Mutex
	released []string
}

func (p *recordingProps) Release(ctx context.Context, roomID, prop string) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.released = append(p.released, roomID+"/"+prop)
	return nil
}

type chanConsole chan Event

func (c chanConsole) Show(ctx context.Context, ev Event) {
	select {
	case c <- ev:
	case <-ctx.Done():
	}
}

func pharaohRoom() RoomDef {
	return RoomDef{
		ID:        "pharaoh",
		Name:      "Tomb of the Pharaoh",
		TimeLimit: time.Hour,
		Puzzles: []PuzzleDef{
			{
				ID:   "scarab-plates",
				Name: "Scarab floor",
				Conditions: []Condition{
					{Sensor: "plate-1", Want: "pressed"},
					{Sensor: "plate-2", Want: "pressed"},
					{Sensor: "plate-3", Want: "pressed"},
					{Sensor: "plate-4", Want: "pressed"},
				},
				Unlocks: "maglock-wall-panel",
			},
			{
				ID:         "canopic-jars",
				Name:       "Canopic altar",
				Conditions: []Condition{{Sensor: "rfid-altar", Want: "tag:anubis-7f3a"}},
				Unlocks:    "drawer-altar",
			},
			{
				ID:         "sarcophagus",
				Name:       "Sarcophagus keypad",
				Conditions: []Condition{{Sensor: "keypad", Want: "3147"}},
				Unlocks:    "maglock-exit",
			},
		},
	}
}

func TestPharaohRoomEscape(t *testing.T) {
	defer goleak.VerifyNone(t)

	start := time.Date(2024, time.March, 9, 19, 0, 0, 0, time.UTC)
	bus := &asyncBus{}
	props := &recordingProps{}
	console := make(chanConsole, 16)
	ctrl, err := New(bus, Options{
		Props:   props,
		Console: console,
		Logger:  log.New(os.Stderr, "escaperoom: ", 0),
		Now:     func() time.Time { return start },
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := ctrl.OpenRoom(pharaohRoom()); err != nil {
		t.Fatal(err)
	}

	publish := func(sensor, value string, minute int) {
		bus.Publish(fmt.Sprintf("escape/pharaoh/%s", sensor), Reading{
			RoomID: "pharaoh", Sensor: sensor, Value: value, At: start.Add(time.Duration(minute) * time.Minute),
		})
	}
	publish("plate-1", "pressed", 7)
	publish("plate-3", "pressed", 8)
	publish("smoke-1", "clear", 9)
	publish("plate-2", "pressed", 9)
	publish("rfid-altar", "tag:anubis-7f3a", 21)
	publish("plate-4", "pressed", 12)
	publish("keypad", "3147", 38)

	solved := map[string]bool{}
	timeout := time.After(2 * time.Second)
	for escaped := false; !escaped; {
		select {
		case ev := <-console:
			switch ev.Kind {
			case PuzzleSolved:
				solved[ev.PuzzleID] = true
			case RoomEscaped:
				escaped = true
			case TimeUp:
				t.Fatalf("unexpected time-up at %s", ev.Elapsed)
			}
		case <-timeout:
			t.Fatalf("room never escaped; solved so far: %v", solved)
		}
	}
	for len(solved) < 3 {
		select {
		case ev := <-console:
			solved[ev.PuzzleID] = true
		case <-timeout:
			t.Fatalf("missing puzzle events; solved: %v", solved)
		}
	}

	st, err := ctrl.Status("pharaoh")
	if err != nil {
		t.Fatal(err)
	}
	if !st.Finished || st.Remaining != 0 || len(st.Solved) != 3 {
		t.Fatalf("status after escape = %+v", st)
	}
	if st.Elapsed < 7*time.Minute || st.Elapsed > 38*time.Minute {
		t.Errorf("escape time = %s, want between 7m and 38m", st.Elapsed)
	}

	publish("plate-2", "released", 39)
	publish("plate-2", "pressed", 40)

	if err := ctrl.Close(); err != nil {
		t.Fatalf("close: %v", err)
	}

	props.mu.Lock()
	released := len(props.released)
	props.mu.Unlock()
	if released != 3 {
		t.Errorf("released %d props, want 3", released)
	}
}

package surtitles

import (
	"context"
	"log"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

// seatBack is a healthy wired display that records what it showed.
type seatBack struct {
	mu    sync.Mutex
	shown []Caption
}

func (d *seatBack) Show(ctx context.Context, c Caption) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.shown = append(d.shown, c)
	return nil
}

func (d *seatBack) captions() []Caption {
	d.mu.Lock()
	defer d.mu.Unlock()
	return append([]Caption(nil), d.shown...)
}

// frozenPhone accepts the connection and then never acknowledges a write.
type frozenPhone struct{}

func (frozenPhone) Show(ctx context.Context, c Caption) error {
	<-ctx.Done()
	return ctx.Err()
}

type lineLog struct {
	mu    sync.Mutex
	lines []string
}

func (l *lineLog) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.lines = append(l.lines, strings.TrimRight(string(p), "\n"))
	return len(p), nil
}

func (l *lineLog) contains(sub string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, s := range l.lines {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}

func toscaAct1(n int) []Cue {
	lines := []struct{ it, en, de string }{
		{"Ah! Finalmente!", "Ah! At last!", "Ah! Endlich!"},
		{"Nel terror mio stolto\nvedea ceffi di birro in ogni faccia.", "In my foolish terror\nI saw a policeman in every face.", "In meiner Angst\nsah ich überall Häscher."},
		{"Dammi i colori!", "Give me my paints!", "Gib mir die Farben!"},
		{"Recondita armonia\ndi bellezze diverse!", "Hidden harmony\nof contrasting beauties!", "Verborgene Harmonie\nverschiedener Schönheiten!"},
	}
	cues := make([]Cue, 0, n)
	for i := 0; i < n; i++ {
		l := lines[i%len(lines)]
		cues = append(cues, Cue{Number: 100 + i, Act: 1, Text: map[string]string{"it": l.it, "en": l.en, "de": l.de}})
	}
	return cues
}

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(2 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(2 * time.Millisecond)
	}
}

func TestFirstActWithAFrozenPhone(t *testing.T) {
	logs := &lineLog{}
	f, err := NewFeed(Config{
		Production:  "Tosca 2024/25",
		Original:    "it",
		Languages:   []string{"en", "de"},
		Backlog:     6,
		ShowTimeout: 30 * time.Millisecond,
		Logger:      log.New(logs, "", 0),
	})
	if err != nil {
		t.Fatalf("NewFeed: %v", err)
	}

	bar := &seatBack{}
	seats := map[string]*seatBack{"stalls-F12": {}, "stalls-F13": {}, "circle-B4": {}}
	if err := f.Subscribe("proscenium", "en", bar); err != nil {
		t.Fatal(err)
	}
	for id, d := range seats {
		lang := "de"
		if strings.HasPrefix(id, "circle") {
			lang = "en"
		}
		if err := f.Subscribe(id, lang, d); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.Subscribe("wifi-7f3a", "en", frozenPhone{}); err != nil {
		t.Fatal(err)
	}
	if err := f.Subscribe("stalls-F12", "en", &seatBack{}); err == nil {
		t.Error("duplicate subscribe accepted")
	}
	if err := f.Subscribe("box-3", "fr", &seatBack{}); err == nil {
		t.Error("subscribe in an unprepared language accepted")
	}

	cues := toscaAct1(12)
	for i, c := range cues {
		if err := f.Publish(c); err != nil {
			t.Fatalf("Publish cue %d: %v", c.Number, err)
		}
		if i == 5 {
			late := &seatBack{}
			if err := f.Subscribe("stalls-M2", "de", late); err != nil {
				t.Fatal(err)
			}
			seats["stalls-M2"] = late
		}
		time.Sleep(5 * time.Millisecond)
	}
	if err := f.Publish(cues[3]); err == nil {
		t.Error("re-publishing an old cue was accepted")
	}

	waitFor(t, "phone eviction", func() bool { return logs.contains("dropping display wifi-7f3a") })
	waitFor(t, "proscenium bar to catch up", func() bool { return len(bar.captions()) == len(cues) })
	if displays, evicted := f.Stats(); displays != 5 || evicted != 1 {
		t.Errorf("Stats() = %d displays, %d evicted; want 5, 1", displays, evicted)
	}

	for id, d := range seats {
		want := len(cues)
		if id == "stalls-M2" {
			want = len(cues) - 5
		}
		waitFor(t, id+" to catch up", func() bool { return len(d.captions()) == want })
		got := d.captions()
		if got[0].Lang != "de" && got[0].Lang != "en" {
			t.Errorf("%s: first caption in %q", id, got[0].Lang)
		}
		for i := 1; i < len(got); i++ {
			if got[i].Number <= got[i-1].Number {
				t.Errorf("%s: cue %d shown after %d", id, got[i].Number, got[i-1].Number)
			}
		}
	}
	if got := bar.captions()[3]; got.Lang != "en" || len(got.Lines) != 2 {
		t.Errorf("proscenium caption 3 = %+v, want two English lines", got)
	}

	f.Unsubscribe("circle-B4")
	if err := f.Publish(Cue{Number: 200, Act: 1, Blank: true}); err != nil {
		t.Fatalf("blackout cue: %v", err)
	}
	waitFor(t, "blackout on the bar", func() bool {
		c := bar.captions()
		return len(c) > 0 && c[len(c)-1].Blank
	})

	f.Close()
	if err := f.Publish(Cue{Number: 201, Text: map[string]string{"it": "Vissi d'arte"}}); err != ErrFeedClosed {
		t.Errorf("Publish after Close: %v, want ErrFeedClosed", err)
	}

	goleak.VerifyNone(t)
}

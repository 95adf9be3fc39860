package cues

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log"
	"strings"
	"sync"
	"testing"

	"go.uber.org/goleak"
)

type backstage struct {
	mu       sync.Mutex
	received map[string][]string // "station/operator" -> cue numbers
	dropouts map[string]int      // "station/operator" -> failures to inject
}

type headset struct {
	bs  *backstage
	key string
}

func (bs *backstage) Connect(ctx context.Context, station, operator string) (Headset, error) {
	if operator == "" {
		return nil, errors.New("no operator")
	}
	return &headset{bs: bs, key: station + "/" + operator}, nil
}

func (h *headset) Go(ctx context.Context, c Cue) error {
	h.bs.mu.Lock()
	defer h.bs.mu.Unlock()
	if h.bs.dropouts[h.key] > 0 {
		h.bs.dropouts[h.key]--
		return errors.New("talkback dropout")
	}
	h.bs.received[h.key] = append(h.bs.received[h.key], c.Number)
	return nil
}

func (h *headset) Close() error { return nil }

func (bs *backstage) got(key string) string {
	bs.mu.Lock()
	defer bs.mu.Unlock()
	return strings.Join(bs.received[key], ",")
}

var stormAtSea = Scene{
	Name: "1. Storm at Sea",
	Cast: []Role{
		{Station: "lx-desk", Puppeteer: "Priya"},
		{Station: "snd-desk", Puppeteer: "Tom"},
		{Station: "sl-rod", Puppeteer: "Ines", Puppet: "Gull"},
		{Station: "sr-rod", Puppeteer: "Mateo", Puppet: "Fisherman"},
		{Station: "bridge", Puppeteer: "Kenji", Puppet: "Whale (head)"},
	},
	Cues: []Cue{
		{Number: "LX1", Dept: Lighting, Stations: []string{"lx-desk"}, Note: "storm wash, lightning chase"},
		{Number: "SND1", Dept: Sound, Stations: []string{"snd-desk"}, Note: "wind and rain bed"},
		{Number: "PUP1", Dept: Puppets, Stations: []string{"sl-rod", "sr-rod"}, Note: "Gull crosses SL to SR over the boat"},
		{Number: "PUP2", Dept: Puppets, Stations: []string{"bridge"}, Note: "Whale surfaces behind the boat"},
		{Number: "LX2", Dept: Lighting, Stations: []string{"lx-desk", "snd-desk"}, Note: "snap to black with thunder"},
	},
}

var shipwreck = Scene{
	Name: "2. The Shipwreck",
	Cast: []Role{
		{Station: "lx-desk", Puppeteer: "Priya"},
		{Station: "snd-desk", Puppeteer: "Tom"},
		{Station: "sl-rod", Puppeteer: "Mateo", Puppet: "Fisherman"},
		{Station: "bridge", Puppeteer: "Kenji", Puppet: "Whale (head)"},
	},
	Cues: []Cue{
		{Number: "LX10", Dept: Lighting, Stations: []string{"lx-desk"}, Note: "underwater blue"},
		{Number: "PUP10", Dept: Puppets, Stations: []string{"sl-rod", "bridge"}, Note: "Fisherman swallowed"},
		{Number: "SND10", Dept: Sound, Stations: []string{"snd-desk"}, Note: "whale song"},
		{Number: "LX11", Dept: Lighting, Stations: []string{"lx-desk", "snd-desk"}, Note: "slow fade, music out"},
	},
}

func TestTechRehearsal(t *testing.T) {
	defer goleak.VerifyNone(t)

	bs := &backstage{
		received: make(map[string][]string),
		dropouts: map[string]int{"bridge/Kenji": 1},
	}
	var logs bytes.Buffer
	b, err := NewBoard(bs, WithLogger(log.New(&logs, "", 0)))
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	ctx := context.Background()

	if err := b.LoadScene(ctx, stormAtSea); err != nil {
		t.Fatalf("load scene 1: %v", err)
	}
	err = b.Run(ctx, "LX1", "SND1", "PUP1", "PUP2")
	var ce *CueError
	if !errors.As(err, &ce) || ce.Number != "PUP2" || ce.Failed["bridge"] == nil {
		t.Fatalf("PUP2 with bridge dropout: err = %v", err)
	}
	if err := b.Run(ctx, "PUP2", "LX2"); err != nil {
		t.Fatalf("re-call PUP2, LX2: %v", err)
	}

	if err := b.LoadScene(ctx, shipwreck); err != nil {
		t.Fatalf("load scene 2: %v", err)
	}
	if err := b.Go(ctx, "PUP1"); !errors.Is(err, ErrUnknownCue) {
		t.Errorf("PUP1 in scene 2: err = %v, want ErrUnknownCue", err)
	}
	if err := b.Run(ctx, "LX10", "PUP10", "SND10", "LX11"); err != nil {
		t.Fatalf("scene 2: %v", err)
	}

	for key, want := range map[string]string{
		"sl-rod/Ines":   "PUP1",
		"sr-rod/Mateo":  "PUP1",
		"sl-rod/Mateo":  "PUP10",
		"bridge/Kenji":  "PUP2,PUP10",
		"lx-desk/Priya": "LX1,LX2,LX10,LX11",
		"snd-desk/Tom":  "SND1,LX2,SND10,LX11",
	} {
		if got := bs.got(key); got != want {
			t.Errorf("%s took %q, want %q", key, got, want)
		}
	}
	if got := fmt.Sprint(b.PromptBook()); got != "[LX1 SND1 PUP1 PUP2 PUP2 LX2 LX10 PUP10 SND10 LX11]" {
		t.Errorf("prompt book = %s", got)
	}
	if !strings.Contains(logs.String(), "Ines hands sl-rod over to Mateo") {
		t.Errorf("handover not logged:\n%s", logs.String())
	}
	if err := b.Close(); err != nil {
		t.Fatal(err)
	}
	if err := b.Go(ctx, "LX10"); !errors.Is(err, ErrClosed) {
		t.Errorf("Go after Close: err = %v", err)
	}
}

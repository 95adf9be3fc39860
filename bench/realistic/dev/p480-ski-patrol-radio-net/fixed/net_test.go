package radionet

import (
	"context"
	"io"
	"log"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type repeated struct {
	site      string
	talkgroup string
	callsign  string
}

type fakeRepeater struct {
	mu      sync.Mutex
	handler func(Transmission)
	sent    []repeated
}

func (f *fakeRepeater) OnReceive(h func(Transmission)) { f.handler = h }

func (f *fakeRepeater) Transmit(ctx context.Context, site, talkgroup string, tx Transmission) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.sent = append(f.sent, repeated{site: site, talkgroup: talkgroup, callsign: tx.Callsign})
	return nil
}

func (f *fakeRepeater) key(tx Transmission) { f.handler(tx) }

func (f *fakeRepeater) waitRepeated(t *testing.T, n int) {
	t.Helper()
	deadline := time.Now().Add(2 * time.Second)
	for {
		f.mu.Lock()
		got := len(f.sent)
		f.mu.Unlock()
		if got >= n {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("repeated %d overs, want %d", got, n)
		}
		time.Sleep(time.Millisecond)
	}
}

func TestIncidentTalkgroupMergedBackIntoMain(t *testing.T) {
	defer goleak.VerifyNone(t)

	rep := &fakeRepeater{}
	var (
		emMu        sync.Mutex
		emergencies []Transmission
	)
	n, err := New(Config{
		Repeater:      rep,
		Sites:         []string{"base", "summit", "backside"},
		MainTalkgroup: "patrol-main",
		OnEmergency: func(tx Transmission) {
			emMu.Lock()
			emergencies = append(emergencies, tx)
			emMu.Unlock()
		},
		Logger: log.New(io.Discard, "", 0),
	})
	if err != nil {
		t.Fatalf("New: %v", err)
	}

	rep.key(Transmission{Talkgroup: "patrol-main", Callsign: "Patrol 4", Site: "summit", Text: "In service, top of Lift 6"})
	rep.key(Transmission{Talkgroup: "incident-17", Callsign: "Patrol 9", Site: "backside", Text: "On scene, skier down below Cornice Run", Priority: PriorityEmergency})
	rep.key(Transmission{Talkgroup: "incident-17", Callsign: "Patrol 12", Site: "backside", Text: "En route with toboggan from Lift 9"})
	rep.waitRepeated(t, 6)

	if err := n.Merge("incident-17", "patrol-main"); err != nil {
		t.Fatalf("Merge: %v", err)
	}
	rep.key(Transmission{Talkgroup: "patrol-main", Callsign: "Patrol 9", Site: "base", Text: "Clear, patient handed to aid room"})
	rep.waitRepeated(t, 8)

	if got := n.Talkgroups(); len(got) != 1 || got[0] != "patrol-main" {
		t.Errorf("talkgroups after merge = %v", got)
	}
	if got := n.OnTalkgroup("patrol-main"); len(got) != 3 {
		t.Errorf("on patrol-main: %v, want all three patrollers", got)
	}
	if p, _ := n.Patroller("Patrol 9"); p.Status != StatusInService {
		t.Errorf("Patrol 9 status %s, want in service", p.Status)
	}
	if p, _ := n.Patroller("Patrol 12"); p.Status != StatusResponding || p.Talkgroup != "patrol-main" {
		t.Errorf("Patrol 12 = %+v", p)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	if err := n.Close(ctx); err != nil {
		t.Fatalf("Close: %v", err)
	}
	emMu.Lock()
	defer emMu.Unlock()
	if len(emergencies) != 1 || emergencies[0].Callsign != "Patrol 9" {
		t.Errorf("emergencies = %+v", emergencies)
	}
	if n.Dropped() != 0 {
		t.Errorf("%d overs dropped", n.Dropped())
	}
}

package spa

import (
	"context"
	"sort"
	"time"
)

type roomState int

const (
	roomClean roomState = iota
	roomOccupied
	roomDirty
	roomCleaning
)

type room struct {
	id        string
	kind      Treatment
	state     roomState
	booking   string
	lastClean time.Time
}

// Cleaner performs the turnaround of a room: drain and refill, sanitise,
// bring back to temperature. It blocks until the room is ready.
type Cleaner interface {
	Turnaround(ctx context.Context, roomID string, kind Treatment) error
}

func (s *Scheduler) housekeeping() {
	for {
		s.mu.Lock()
		for len(s.dirty) == 0 {
			s.cond.Wait() // leak: woken by Close but goes back to waiting while no room is dirty
		}
		if s.closed {
			s.mu.Unlock()
			return
		}
		id := s.dirty[0]
		s.dirty = s.dirty[1:]
		r := s.rooms[id]
		r.state = roomCleaning
		kind := r.kind
		s.mu.Unlock()

		ctx, cancel := context.WithTimeout(context.Background(), s.cfg.TurnaroundTimeout)
		err := s.cfg.Cleaner.Turnaround(ctx, id, kind)
		cancel()

		s.mu.Lock()
		if err != nil {
			s.log.Printf("turnaround of %s failed, requeueing: %v", id, err)
			r.state = roomDirty
			s.dirty = append(s.dirty, id)
		} else {
			r.state = roomClean
			r.lastClean = s.cfg.Now()
			s.log.Printf("room %s ready", id)
		}
		s.mu.Unlock()
		s.cond.Broadcast()
	}
}

// freeRoom picks the clean room of the given kind that has been clean the
// longest, so heat and water are used evenly.
func (s *Scheduler) freeRoom(kind Treatment) *room {
	var candidates []*room
	for _, r := range s.rooms {
		if r.kind == kind && r.state == roomClean {
			candidates = append(candidates, r)
		}
	}
	if len(candidates) == 0 {
		return nil
	}
	sort.Slice(candidates, func(i, j int) bool {
		if candidates[i].lastClean.Equal(candidates[j].lastClean) {
			return candidates[i].id < candidates[j].id
		}
		return candidates[i].lastClean.Before(candidates[j].lastClean)
	})
	return candidates[0]
}

func (s *Scheduler) capacity(kind Treatment) int {
	n := 0
	for _, r := range s.rooms {
		if r.kind == kind {
			n++
		}
	}
	return n
}

// RoomStatus reports, per treatment, how many rooms are clean, in use and
// waiting for or in turnaround.
type RoomStatus struct {
	Clean, InUse, Turnaround int
}

// Status returns a snapshot of room states by treatment.
func (s *Scheduler) Status() map[Treatment]RoomStatus {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make(map[Treatment]RoomStatus)
	for _, r := range s.rooms {
		st := out[r.kind]
		switch r.state {
		case roomClean:
			st.Clean++
		case roomOccupied:
			st.InUse++
		default:
			st.Turnaround++
		}
		out[r.kind] = st
	}
	return out
}

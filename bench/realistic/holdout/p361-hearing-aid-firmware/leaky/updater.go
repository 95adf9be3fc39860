package firmware

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// Stats counts update outcomes since the Updater was created.
type Stats struct {
	Started   int
	Succeeded int
	Failed    int
}

// Updater serialises firmware updates per device and retries flaky block
// writes. It is safe for concurrent use; updates to different devices run
// in parallel.
type Updater struct {
	blockSize  int
	retries    int
	retryDelay time.Duration
	minBattery int
	progress   Progress

	mu    sync.Mutex
	locks map[string]*sync.Mutex
	stats Stats
}

// Option configures an Updater.
type Option func(*Updater)

// WithBlockSize sets the number of payload bytes sent per radio write.
func WithBlockSize(n int) Option { return func(u *Updater) { u.blockSize = n } }

// WithRetries sets how many times a failed block write is retried.
func WithRetries(n int, delay time.Duration) Option {
	return func(u *Updater) { u.retries, u.retryDelay = n, delay }
}

// WithMinBattery refuses updates below the given charge percentage.
func WithMinBattery(pct int) Option { return func(u *Updater) { u.minBattery = pct } }

// WithProgress installs a progress callback.
func WithProgress(p Progress) Option { return func(u *Updater) { u.progress = p } }

// New returns an Updater with sensible defaults for BLE hearing aids.
func New(opts ...Option) *Updater {
	u := &Updater{
		blockSize:  244,
		retries:    3,
		retryDelay: 50 * time.Millisecond,
		minBattery: 30,
		locks:      make(map[string]*sync.Mutex),
	}
	for _, o := range opts {
		o(u)
	}
	return u
}

// Stats returns a snapshot of the update counters.
func (u *Updater) Stats() Stats {
	u.mu.Lock()
	defer u.mu.Unlock()
	return u.stats
}

// Update flashes img onto dev and reboots it. The radio stack does not
// reliably honour cancellation, so the transfer runs on its own goroutine
// and Update returns as soon as ctx is done.
func (u *Updater) Update(ctx context.Context, dev Device, img Image) error {
	if err := img.Verify(); err != nil {
		return err
	}
	done := make(chan error, 1)
	go func() {
		done <- u.flash(ctx, dev, img)
	}()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
		return fmt.Errorf("firmware: update %s: %w", dev.Serial(), ctx.Err())
	}
}

func (u *Updater) deviceLock(serial string) *sync.Mutex {
	u.mu.Lock()
	defer u.mu.Unlock()
	lk, ok := u.locks[serial]
	if !ok {
		lk = new(sync.Mutex)
		u.locks[serial] = lk
	}
	return lk
}

func (u *Updater) record(f func(*Stats)) {
	u.mu.Lock()
	f(&u.stats)
	u.mu.Unlock()
}

// flash holds the device lock while blocks are written and committed. The
// reboot happens outside the lock: it takes several seconds and the device
// cannot accept another transfer until it is back anyway.
func (u *Updater) flash(ctx context.Context, dev Device, img Image) error {
	lk := u.deviceLock(dev.Serial())
	lk.Lock() // leak: lock left held by an earlier failed transfer
	if err := u.preflight(ctx, dev, img); err != nil {
		lk.Unlock()
		return err
	}
	u.record(func(s *Stats) { s.Started++ })

	if err := u.transfer(ctx, dev, img); err != nil {
		u.record(func(s *Stats) { s.Failed++ })
		return fmt.Errorf("firmware: transfer to %s: %w", dev.Serial(), err)
	}
	if err := dev.Commit(ctx, img.Digest); err != nil {
		lk.Unlock()
		u.record(func(s *Stats) { s.Failed++ })
		return fmt.Errorf("firmware: commit on %s: %w", dev.Serial(), err)
	}
	lk.Unlock()

	if err := dev.Reboot(ctx); err != nil {
		u.record(func(s *Stats) { s.Failed++ })
		return fmt.Errorf("firmware: reboot %s: %w", dev.Serial(), err)
	}
	u.record(func(s *Stats) { s.Succeeded++ })
	return nil
}

func (u *Updater) preflight(ctx context.Context, dev Device, img Image) error {
	info, err := dev.Info(ctx)
	if err != nil {
		return fmt.Errorf("firmware: read info from %s: %w", dev.Serial(), err)
	}
	switch {
	case info.Model != img.Model:
		return fmt.Errorf("%w: device %s is %s, image is %s", ErrModelMismatch, dev.Serial(), info.Model, img.Model)
	case !info.Firmware.Less(img.Version):
		return fmt.Errorf("%w: %s runs %s", ErrUpToDate, dev.Serial(), info.Firmware)
	case info.Firmware.Less(img.MinInstalled):
		return fmt.Errorf("%w: %s runs %s, need at least %s", ErrIncompatible, dev.Serial(), info.Firmware, img.MinInstalled)
	case info.Battery < u.minBattery:
		return fmt.Errorf("%w: %s at %d%%", ErrLowBattery, dev.Serial(), info.Battery)
	}
	return nil
}

func (u *Updater) transfer(ctx context.Context, dev Device, img Image) error {
	blocks := img.Blocks(u.blockSize)
	offset := 0
	for i, b := range blocks {
		if err := u.writeWithRetry(ctx, dev, offset, b); err != nil {
			return fmt.Errorf("block %d/%d: %w", i+1, len(blocks), err)
		}
		offset += len(b)
		if u.progress != nil {
			u.progress(dev.Serial(), i+1, len(blocks))
		}
	}
	return nil
}

func (u *Updater) writeWithRetry(ctx context.Context, dev Device, offset int, b []byte) error {
	var err error
	for attempt := 0; attempt <= u.retries; attempt++ {
		if attempt > 0 {
			t := time.NewTimer(u.retryDelay)
			select {
			case <-ctx.Done():
				t.Stop()
				return ctx.Err()
			case <-t.C:
			}
		}
		if err = dev.WriteBlock(ctx, offset, b); err == nil {
			return nil
		}
	}
	return err
}

package firmware

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type fakeAid struct {
	serial string

	mu         sync.Mutex
	info       Info
	flash      []byte
	dropouts   int // number of upcoming WriteBlock calls that fail
	dropAt     int // offset at which dropouts happen
	committed  [sha256.Size]byte
	rebootedTo Version
}

var errRadio = errors.New("radio: link supervision timeout")

func (f *fakeAid) Serial() string { return f.serial }

func (f *fakeAid) Info(ctx context.Context) (Info, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.info, nil
}

func (f *fakeAid) WriteBlock(ctx context.Context, offset int, block []byte) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if offset == f.dropAt && f.dropouts > 0 {
		f.dropouts--
		return errRadio
	}
	if need := offset + len(block); need > len(f.flash) {
		f.flash = append(f.flash, make([]byte, need-len(f.flash))...)
	}
	copy(f.flash[offset:], block)
	return nil
}

func (f *fakeAid) Commit(ctx context.Context, digest [sha256.Size]byte) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if sha256.Sum256(f.flash) != digest {
		return errors.New("fake: digest mismatch")
	}
	f.committed = digest
	return nil
}

func (f *fakeAid) Reboot(ctx context.Context) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.info.Firmware = MustVersion("5.1.0")
	return nil
}

func TestUpdateRetryAfterRadioDropout(t *testing.T) {
	defer goleak.VerifyNone(t)

	payload := bytes.Repeat([]byte("hearing-aid-dsp-"), 64) // 1 KiB
	img := NewImage("HX-300", MustVersion("5.1.0"), MustVersion("4.0.0"), payload)

	aid := &fakeAid{
		serial:   "HX300-L-0042",
		info:     Info{Model: "HX-300", Firmware: MustVersion("4.6.2"), Battery: 80, Side: Left},
		dropAt:   256,
		dropouts: 3,
	}
	var lastProgress int
	u := New(
		WithBlockSize(128),
		WithRetries(2, 10*time.Millisecond),
		WithProgress(func(_ string, written, total int) { lastProgress = written }),
	)

	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	err := u.Update(ctx, aid, img)
	if !errors.Is(err, errRadio) {
		t.Fatalf("first update: got %v, want radio error", err)
	}

	// The link recovered; the clinician retries the update.
	retryCtx, retryCancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
	defer retryCancel()
	if err := u.Update(retryCtx, aid, img); err != nil {
		t.Errorf("retry: %v", err)
	} else if want := len(img.Blocks(128)); lastProgress != want {
		t.Errorf("progress: got %d blocks, want %d", lastProgress, want)
	}
	st := u.Stats()
	t.Logf("stats: %+v", st)
	if st.Failed != 1 {
		t.Errorf("failed = %d, want 1", st.Failed)
	}
}

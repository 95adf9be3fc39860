package verify

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type fakeBackup struct {
	files   map[string][]byte
	order   []string
	corrupt map[string]bool // restored with a flipped byte
	stalled map[string]bool // restore hangs until cancelled, like a tape not yet mounted
}

func newFakeBackup() *fakeBackup {
	return &fakeBackup{files: map[string][]byte{}, corrupt: map[string]bool{}, stalled: map[string]bool{}}
}

func (b *fakeBackup) add(path string, size int) {
	data := bytes.Repeat([]byte(path), size/len(path)+1)[:size]
	b.files[path] = data
	b.order = append(b.order, path)
}

func (b *fakeBackup) Manifest(ctx context.Context, backupID string) (Manifest, error) {
	m := Manifest{BackupID: backupID, CreatedAt: time.Date(2024, 6, 30, 2, 0, 0, 0, time.UTC)}
	for _, p := range b.order {
		sum := sha256.Sum256(b.files[p])
		m.Files = append(m.Files, FileEntry{Path: p, Size: int64(len(b.files[p])), SHA256: hex.EncodeToString(sum[:])})
	}
	return m, nil
}

func (b *fakeBackup) Restore(ctx context.Context, backupID, path string) (io.ReadCloser, error) {
	if b.stalled[path] {
		<-ctx.Done()
		return nil, fmt.Errorf("mount volume: %w", ctx.Err())
	}
	data, ok := b.files[path]
	if !ok {
		return nil, fmt.Errorf("%s: not in backup", path)
	}
	data = append([]byte(nil), data...)
	if b.corrupt[path] {
		data[len(data)/2] ^= 0xff
	}
	return io.NopCloser(bytes.NewReader(data)), nil
}

func TestFailFastOnCorruptSample(t *testing.T) {
	defer goleak.VerifyNone(t)

	b := newFakeBackup()
	b.add("db/base/16384/2619", 64<<10)
	b.add("db/base/16384/2620", 8<<10)
	b.add("db/pg_wal/000000010000000A00000042", 128<<10)
	b.add("etc/postgresql.conf", 2<<10)
	b.corrupt["db/base/16384/2620"] = true
	b.stalled["db/pg_wal/000000010000000A00000042"] = true

	v, err := New(b, b, Options{Parallelism: 2, FailFast: true, Seed: 7})
	if err != nil {
		t.Fatal(err)
	}
	report, err := v.Verify(context.Background(), "nightly-2024-06-30")
	if !errors.Is(err, ErrChecksumMismatch) {
		t.Fatalf("Verify() error = %v, want %v", err, ErrChecksumMismatch)
	}
	if report == nil || len(report.Failures) != 1 || report.Failures[0].Path != "db/base/16384/2620" {
		t.Fatalf("report = %+v", report)
	}
	if report.Sampled != 4 {
		t.Errorf("Sampled = %d, want 4", report.Sampled)
	}
}

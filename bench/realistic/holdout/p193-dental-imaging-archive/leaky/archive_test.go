package dentalarchive

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"sort"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

var errQuotaExceeded = errors.New("blob store: clinic quota exceeded")

type fakeClock struct{ now time.Time }

func (c fakeClock) Now() time.Time { return c.now }

// fakeBlobStore keeps blobs in memory and can be told to reject writes for
// a clinic the way the real store does once a clinic runs out of quota.
type fakeBlobStore struct {
	mu       sync.Mutex
	blobs    map[string][]byte
	rejectFn func(key string) error
}

func newFakeBlobStore() *fakeBlobStore {
	return &fakeBlobStore{blobs: make(map[string][]byte)}
}

func (s *fakeBlobStore) Put(ctx context.Context, key string, r io.Reader) (int64, error) {
	s.mu.Lock()
	reject := s.rejectFn
	s.mu.Unlock()
	if reject != nil {
		if err := reject(key); err != nil {
			return 0, err
		}
	}
	data, err := io.ReadAll(r)
	if err != nil {
		return 0, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.blobs[key] = data
	return int64(len(data)), nil
}

func (s *fakeBlobStore) Get(ctx context.Context, key string) (io.ReadCloser, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	data, ok := s.blobs[key]
	if !ok {
		return nil, fmt.Errorf("blob %s: %w", key, ErrNotFound)
	}
	return io.NopCloser(bytes.NewReader(data)), nil
}

type fakeIndex struct {
	mu       sync.Mutex
	byDigest map[string]Record
	bySOP    map[string]Record
}

func newFakeIndex() *fakeIndex {
	return &fakeIndex{byDigest: make(map[string]Record), bySOP: make(map[string]Record)}
}

func (x *fakeIndex) LookupDigest(ctx context.Context, digest string) (Record, bool, error) {
	x.mu.Lock()
	defer x.mu.Unlock()
	rec, ok := x.byDigest[digest]
	return rec, ok, nil
}

func (x *fakeIndex) Get(ctx context.Context, sopUID string) (Record, bool, error) {
	x.mu.Lock()
	defer x.mu.Unlock()
	rec, ok := x.bySOP[sopUID]
	return rec, ok, nil
}

func (x *fakeIndex) ListStudy(ctx context.Context, studyUID string) ([]Record, error) {
	x.mu.Lock()
	defer x.mu.Unlock()
	var out []Record
	for _, rec := range x.bySOP {
		if rec.StudyUID == studyUID {
			out = append(out, rec)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].SOPUID < out[j].SOPUID })
	return out, nil
}

func (x *fakeIndex) Save(ctx context.Context, rec Record) error {
	x.mu.Lock()
	defer x.mu.Unlock()
	if _, ok := x.byDigest[rec.Digest]; !ok {
		x.byDigest[rec.Digest] = rec
	}
	x.bySOP[rec.SOPUID] = rec
	return nil
}

func radiograph(study, sop, clinic string, fill byte) Image {
	return Image{
		StudyUID:   study,
		SOPUID:     sop,
		ClinicID:   clinic,
		PatientRef: "pt-" + study,
		Modality:   ModalityBitewing,
		AcquiredAt: time.Date(2023, 3, 14, 9, 30, 0, 0, time.UTC),
		Pixels:     bytes.Repeat([]byte{fill, fill + 1, fill + 2, fill + 3}, 4096),
	}
}

func TestIngestDeduplicatesAndHandlesRejectedUpload(t *testing.T) {
	defer goleak.VerifyNone(t)

	ctx := context.Background()
	blobs := newFakeBlobStore()
	index := newFakeIndex()
	arc, err := New(blobs, index, WithClock(fakeClock{now: time.Date(2023, 3, 14, 10, 0, 0, 0, time.UTC)}))
	if err != nil {
		t.Fatalf("New: %v", err)
	}

	first, err := arc.Ingest(ctx, radiograph("1.2.840.1", "1.2.840.1.1", "smile-dental", 10))
	if err != nil {
		t.Fatalf("Ingest first: %v", err)
	}
	if first.Duplicate {
		t.Fatalf("first image marked as duplicate")
	}

	// The same bitewing re-sent by the clinic under a new instance UID.
	dup, err := arc.Ingest(ctx, radiograph("1.2.840.1", "1.2.840.1.2", "smile-dental", 10))
	if err != nil {
		t.Fatalf("Ingest duplicate: %v", err)
	}
	if !dup.Duplicate || dup.BlobKey != first.BlobKey {
		t.Fatalf("duplicate not detected: %+v", dup)
	}

	rc, rec, err := arc.Open(ctx, "1.2.840.1.2")
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	got, err := io.ReadAll(rc)
	rc.Close()
	if err != nil {
		t.Fatalf("read image: %v", err)
	}
	if want := radiograph("", "", "", 10).Pixels; !bytes.Equal(got, want) || rec.SOPUID != "1.2.840.1.2" {
		t.Fatalf("viewer got %d bytes for %s, want %d", len(got), rec.SOPUID, len(want))
	}

	recs, err := arc.Study(ctx, "1.2.840.1")
	if err != nil || len(recs) != 2 {
		t.Fatalf("Study = %d records, %v", len(recs), err)
	}

	// The clinic runs out of quota; the store refuses the upload outright.
	blobs.mu.Lock()
	blobs.rejectFn = func(string) error { return errQuotaExceeded }
	blobs.mu.Unlock()

	_, err = arc.Ingest(ctx, radiograph("1.2.840.2", "1.2.840.2.1", "smile-dental", 77))
	if !errors.Is(err, errQuotaExceeded) {
		t.Fatalf("Ingest over quota: got %v, want %v", err, errQuotaExceeded)
	}
	if _, _, err := arc.Open(ctx, "1.2.840.2.1"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("rejected image is visible to viewers: %v", err)
	}
}

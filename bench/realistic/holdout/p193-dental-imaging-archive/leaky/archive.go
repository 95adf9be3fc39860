// Package dentalarchive stores dental radiographs uploaded by clinics,
// deduplicates repeated submissions of the same image and serves the
// archived images back to chairside and referral viewers.
package dentalarchive

import (
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log"
	"path"
	"time"
)

// Modality identifies the kind of dental radiograph.
type Modality string

// Modalities accepted by the archive.
const (
	ModalityBitewing      Modality = "BW"
	ModalityPeriapical    Modality = "PA"
	ModalityPanoramic     Modality = "PX"
	ModalityCephalometric Modality = "CEPH"
	ModalityCBCT          Modality = "CBCT"
)

// Errors returned by the archive.
var (
	ErrInvalidImage = errors.New("dentalarchive: invalid image")
	ErrTooLarge     = errors.New("dentalarchive: image exceeds size limit")
	ErrNotFound     = errors.New("dentalarchive: image not found")
)

// Image is a single radiograph as received from a clinic's capture station.
type Image struct {
	StudyUID   string
	SOPUID     string // unique per image instance
	ClinicID   string
	PatientRef string // clinic-side pseudonymous patient reference
	Modality   Modality
	AcquiredAt time.Time
	Pixels     []byte
}

// Record describes an archived image.
type Record struct {
	StudyUID   string
	SOPUID     string
	ClinicID   string
	PatientRef string
	Modality   Modality
	AcquiredAt time.Time
	Digest     string // hex SHA-256 of the uncompressed pixel data
	BlobKey    string
	StoredSize int64 // compressed bytes in the blob store
	StoredAt   time.Time
	Duplicate  bool // true when the pixels were already archived under another instance
}

// Clock abstracts time for tests.
type Clock interface {
	Now() time.Time
}

type systemClock struct{}

func (systemClock) Now() time.Time { return time.Now() }

// Archive ingests and serves dental images.
type Archive struct {
	blobs            BlobStore
	index            Index
	clock            Clock
	logger           *log.Logger
	maxImageBytes    int
	compressionLevel int
	keyPrefix        string
}

// Option configures an Archive.
type Option func(*Archive)

// WithClock overrides the clock used to stamp records.
func WithClock(c Clock) Option { return func(a *Archive) { a.clock = c } }

// WithLogger sets the logger used for operational messages.
func WithLogger(l *log.Logger) Option { return func(a *Archive) { a.logger = l } }

// WithMaxImageBytes limits the size of a single uncompressed image.
func WithMaxImageBytes(n int) Option { return func(a *Archive) { a.maxImageBytes = n } }

// WithCompressionLevel sets the gzip level used for stored pixel data.
func WithCompressionLevel(level int) Option {
	return func(a *Archive) { a.compressionLevel = level }
}

// WithKeyPrefix sets the prefix of every blob key written by the archive.
func WithKeyPrefix(p string) Option { return func(a *Archive) { a.keyPrefix = p } }

// New returns an Archive backed by the given blob store and index.
func New(blobs BlobStore, index Index, opts ...Option) (*Archive, error) {
	if blobs == nil || index == nil {
		return nil, errors.New("dentalarchive: blob store and index are required")
	}
	a := &Archive{
		blobs:            blobs,
		index:            index,
		clock:            systemClock{},
		logger:           log.New(io.Discard, "", 0),
		maxImageBytes:    64 << 20,
		compressionLevel: gzip.DefaultCompression,
		keyPrefix:        "images",
	}
	for _, opt := range opts {
		opt(a)
	}
	if a.compressionLevel < gzip.HuffmanOnly || a.compressionLevel > gzip.BestCompression {
		return nil, fmt.Errorf("dentalarchive: invalid compression level %d", a.compressionLevel)
	}
	return a, nil
}

// Ingest archives img. If identical pixel data has already been archived the
// existing blob is reused and the returned record is marked as a duplicate.
func (a *Archive) Ingest(ctx context.Context, img Image) (Record, error) {
	if err := a.validate(img); err != nil {
		return Record{}, err
	}
	sum := sha256.Sum256(img.Pixels)
	digest := hex.EncodeToString(sum[:])

	rec := Record{
		StudyUID:   img.StudyUID,
		SOPUID:     img.SOPUID,
		ClinicID:   img.ClinicID,
		PatientRef: img.PatientRef,
		Modality:   img.Modality,
		AcquiredAt: img.AcquiredAt,
		Digest:     digest,
		StoredAt:   a.clock.Now(),
	}

	existing, found, err := a.index.LookupDigest(ctx, digest)
	if err != nil {
		return Record{}, fmt.Errorf("dentalarchive: lookup digest for %s: %w", img.SOPUID, err)
	}
	if found {
		rec.BlobKey = existing.BlobKey
		rec.StoredSize = existing.StoredSize
		rec.Duplicate = true
		a.logger.Printf("image %s from clinic %s duplicates %s", img.SOPUID, img.ClinicID, existing.SOPUID)
	} else {
		key := a.blobKey(img, digest)
		n, err := a.storeCompressed(ctx, key, img.Pixels)
		if err != nil {
			return Record{}, fmt.Errorf("dentalarchive: store %s: %w", img.SOPUID, err)
		}
		rec.BlobKey = key
		rec.StoredSize = n
	}

	if err := a.index.Save(ctx, rec); err != nil {
		return Record{}, fmt.Errorf("dentalarchive: index %s: %w", img.SOPUID, err)
	}
	return rec, nil
}

// Study returns the records of every archived image in a study.
func (a *Archive) Study(ctx context.Context, studyUID string) ([]Record, error) {
	recs, err := a.index.ListStudy(ctx, studyUID)
	if err != nil {
		return nil, fmt.Errorf("dentalarchive: list study %s: %w", studyUID, err)
	}
	if len(recs) == 0 {
		return nil, fmt.Errorf("dentalarchive: study %s: %w", studyUID, ErrNotFound)
	}
	return recs, nil
}

// Open returns the uncompressed pixel data of an archived image for a viewer.
// The caller must close the returned reader.
func (a *Archive) Open(ctx context.Context, sopUID string) (io.ReadCloser, Record, error) {
	rec, found, err := a.index.Get(ctx, sopUID)
	if err != nil {
		return nil, Record{}, fmt.Errorf("dentalarchive: get %s: %w", sopUID, err)
	}
	if !found {
		return nil, Record{}, fmt.Errorf("dentalarchive: image %s: %w", sopUID, ErrNotFound)
	}
	rc, err := a.openDecompressed(ctx, rec.BlobKey)
	if err != nil {
		return nil, Record{}, fmt.Errorf("dentalarchive: open %s: %w", sopUID, err)
	}
	return rc, rec, nil
}

func (a *Archive) validate(img Image) error {
	switch {
	case img.StudyUID == "" || img.SOPUID == "":
		return fmt.Errorf("%w: missing study or instance UID", ErrInvalidImage)
	case img.ClinicID == "":
		return fmt.Errorf("%w: missing clinic", ErrInvalidImage)
	case len(img.Pixels) == 0:
		return fmt.Errorf("%w: %s has no pixel data", ErrInvalidImage, img.SOPUID)
	case len(img.Pixels) > a.maxImageBytes:
		return fmt.Errorf("%w: %s is %d bytes", ErrTooLarge, img.SOPUID, len(img.Pixels))
	}
	switch img.Modality {
	case ModalityBitewing, ModalityPeriapical, ModalityPanoramic, ModalityCephalometric, ModalityCBCT:
		return nil
	default:
		return fmt.Errorf("%w: unknown modality %q", ErrInvalidImage, img.Modality)
	}
}

func (a *Archive) blobKey(img Image, digest string) string {
	return path.Join(a.keyPrefix, img.ClinicID, digest[:2], digest+".gz")
}

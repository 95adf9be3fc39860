package tmsync

import (
	"bytes"
	"context"
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type stepClock struct{ t time.Time }

func (c *stepClock) Now() time.Time {
	c.t = c.t.Add(time.Minute)
	return c.t
}

var errQuotaExceeded = errors.New("bucket quota exceeded")

// quotaBucket rejects uploads before reading the body, like an object
// store that checks quota on the request headers.
type quotaBucket struct {
	attempts []string
}

func (b *quotaBucket) Put(ctx context.Context, name string, r io.Reader) error {
	b.attempts = append(b.attempts, name)
	return errQuotaExceeded
}

type memBucket struct {
	files map[string][]byte
}

func (b *memBucket) Put(ctx context.Context, name string, r io.Reader) error {
	data, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	b.files[name] = data
	return nil
}

func seed(t *testing.T, s *Server) {
	t.Helper()
	ctx := context.Background()
	first, err := s.Push(ctx, Edit{Segment: Segment{
		ID: "ui.save", SourceLang: "en-US", TargetLang: "de-DE",
		Source: "Save changes", Target: "Änderungen speichern", Editor: "mara",
	}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Push(ctx, Edit{Segment: Segment{
		ID: "ui.cancel", SourceLang: "en-US", TargetLang: "de-DE",
		Source: "Cancel", Target: "Abbrechen", Editor: "jonas",
	}}); err != nil {
		t.Fatal(err)
	}
	// A second editor edits ui.save from the original revision while
	// the first one already changed it again: the resolver decides.
	if _, err := s.Push(ctx, Edit{BaseRevision: first.Revision, Segment: Segment{
		ID: "ui.save", SourceLang: "en-US", TargetLang: "de-DE",
		Source: "Save changes", Target: "Änderungen sichern", Editor: "mara",
	}}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Push(ctx, Edit{BaseRevision: first.Revision, Segment: Segment{
		ID: "ui.save", SourceLang: "en-US", TargetLang: "de-DE",
		Source: "Save changes", Target: "Speichern", Editor: "jonas",
	}}); err != nil {
		t.Fatal(err)
	}
}

func TestExportUploadRejected(t *testing.T) {
	defer goleak.VerifyNone(t)

	s := NewServer("en-US", "de-DE", WithClock(&stepClock{t: time.Date(2024, 5, 1, 9, 0, 0, 0, time.UTC)}))
	seed(t, s)

	bucket := &quotaBucket{}
	n, err := s.ExportTMX(context.Background(), bucket, "memories/en-de.tmx", ExportFilter{})
	if !errors.Is(err, errQuotaExceeded) {
		t.Fatalf("ExportTMX error = %v, want %v", err, errQuotaExceeded)
	}
	if n != 0 || len(bucket.attempts) != 1 {
		t.Fatalf("n = %d, attempts = %v", n, bucket.attempts)
	}
}

func TestExportWritesTMX(t *testing.T) {
	defer goleak.VerifyNone(t)

	s := NewServer("en-US", "de-DE", WithClock(&stepClock{t: time.Date(2024, 5, 1, 9, 0, 0, 0, time.UTC)}))
	seed(t, s)

	bucket := &memBucket{files: map[string][]byte{}}
	n, err := s.ExportTMX(context.Background(), bucket, "en-de.tmx", ExportFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if n != 2 {
		t.Fatalf("exported %d units, want 2", n)
	}
	out := bucket.files["en-de.tmx"]
	for _, want := range []string{`<tmx version="1.4">`, `tuid="ui.save"`, "<seg>Speichern</seg>", `xml:lang="de-DE"`} {
		if !bytes.Contains(out, []byte(want)) {
			t.Errorf("export missing %q:\n%s", want, out)
		}
	}
	if strings.Contains(string(out), "sichern") {
		t.Errorf("export contains overwritten translation:\n%s", out)
	}
}

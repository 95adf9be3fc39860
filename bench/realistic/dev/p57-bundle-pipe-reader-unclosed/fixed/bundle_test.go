package bundle

import (
	"context"
	"io"
	"io/fs"
	"strings"
	"testing"

	"go.uber.org/goleak"
)

type mapSource map[string]string

func (m mapSource) Open(name string) (io.ReadCloser, error) {
	s, ok := m[name]
	if !ok {
		return nil, fs.ErrNotExist
	}
	return io.NopCloser(strings.NewReader(s)), nil
}

type discardSink struct{}

func (discardSink) Upload(ctx context.Context, name string, r io.Reader) (int64, error) {
	return io.Copy(io.Discard, r)
}

func TestBuildMissingEntry(t *testing.T) {
	defer goleak.VerifyNone(t)

	src := mapSource{"a.txt": "alpha", "b.txt": "bravo"}
	b := New(src, discardSink{})
	_, err := b.Build(context.Background(), "release.tgz", []Entry{
		{Name: "a.txt", Size: 5},
		{Name: "missing.txt", Size: 3},
		{Name: "b.txt", Size: 5},
	})
	if err == nil {
		t.Fatal("expected an error for the missing entry")
	}

	res, err := b.Build(context.Background(), "ok.tgz", []Entry{{Name: "a.txt", Size: 5}})
	if err != nil {
		t.Fatal(err)
	}
	if res.Files != 1 || res.Bytes == 0 {
		t.Fatalf("unexpected result %+v", res)
	}
}

package imagescan

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"math/rand"
	"testing"

	"go.uber.org/goleak"
)

type fakeRegistry struct {
	manifests map[string]Manifest
	blobs     map[string][]byte
}

func (r *fakeRegistry) Manifest(ctx context.Context, ref string) (Manifest, error) {
	m, ok := r.manifests[ref]
	if !ok {
		return Manifest{}, fmt.Errorf("manifest %s: not found", ref)
	}
	return m, nil
}

func (r *fakeRegistry) Blob(ctx context.Context, digest string) (io.ReadCloser, error) {
	b, ok := r.blobs[digest]
	if !ok {
		return nil, fmt.Errorf("blob %s: not found", digest)
	}
	return io.NopCloser(bytes.NewReader(b)), nil
}

// addLayer stores a gzipped tar of files and returns its descriptor.
func (r *fakeRegistry) addLayer(t *testing.T, files []tarFile) Descriptor {
	t.Helper()
	var buf bytes.Buffer
	gz := gzip.NewWriter(&buf)
	tw := tar.NewWriter(gz)
	for _, f := range files {
		hdr := &tar.Header{Name: f.name, Mode: 0o644, Size: int64(len(f.data)), Typeflag: tar.TypeReg}
		if err := tw.WriteHeader(hdr); err != nil {
			t.Fatal(err)
		}
		if _, err := tw.Write(f.data); err != nil {
			t.Fatal(err)
		}
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := gz.Close(); err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(buf.Bytes())
	d := Descriptor{Digest: "sha256:" + hex.EncodeToString(sum[:])}
	r.blobs[d.Digest] = buf.Bytes()
	return d
}

type tarFile struct {
	name string
	data []byte
}

type fakeDB struct{}

func (fakeDB) Lookup(ctx context.Context, p Package) ([]Vulnerability, error) {
	if p.Name == "busybox" && p.Version == "1.36.1-r0" {
		return []Vulnerability{{ID: "CVE-2023-42363", Severity: "MEDIUM", FixedIn: "1.36.1-r1"}}, nil
	}
	return nil, nil
}

func TestScanRejectsOversizedPackageDatabase(t *testing.T) {
	defer goleak.VerifyNone(t)

	reg := &fakeRegistry{manifests: map[string]Manifest{}, blobs: map[string][]byte{}}

	// A bloated package database that does not compress well.
	huge := make([]byte, 512<<10)
	rand.New(rand.NewSource(1)).Read(huge)

	base := reg.addLayer(t, []tarFile{
		{name: "etc/os-release", data: []byte("ID=alpine\nVERSION_ID=3.18.4\n")},
		{name: "lib/apk/db/installed", data: []byte("P:busybox\nV:1.36.1-r0\n\nP:musl\nV:1.2.4-r2\n\n")},
	})
	app := reg.addLayer(t, []tarFile{
		{name: "lib/apk/db/installed", data: huge},
		{name: "srv/app/main", data: []byte("#!/bin/sh\nexec true\n")},
	})
	reg.manifests["registry.example.com/team/app:1.4"] = Manifest{Layers: []Descriptor{base, app}}

	s := New(reg, fakeDB{}, WithWorkers(2), WithMaxFileSize(64<<10))
	_, err := s.Scan(context.Background(), "registry.example.com/team/app:1.4")
	if !errors.Is(err, ErrFileTooLarge) {
		t.Fatalf("Scan error = %v, want ErrFileTooLarge", err)
	}
}

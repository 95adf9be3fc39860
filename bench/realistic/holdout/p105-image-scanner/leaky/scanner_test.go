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
	"strings"
	"sync"
	"testing"

	"go.uber.org/goleak"
)

type fakeRegistry struct {
	mu        sync.Mutex
	manifests map[string]Manifest
	blobs     map[string][]byte
}

func newFakeRegistry() *fakeRegistry {
	return &fakeRegistry{manifests: map[string]Manifest{}, blobs: map[string][]byte{}}
}

func (r *fakeRegistry) addImage(ref string, layers ...[]byte) {
	r.mu.Lock()
	defer r.mu.Unlock()
	m := Manifest{Ref: ref}
	for _, b := range layers {
		sum := sha256.Sum256(b)
		d := "sha256:" + hex.EncodeToString(sum[:])
		r.blobs[d] = b
		m.Layers = append(m.Layers, Layer{Digest: d, MediaType: MediaTypeTarGzip})
	}
	r.manifests[ref] = m
}

func (r *fakeRegistry) Manifest(_ context.Context, ref string) (Manifest, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	m, ok := r.manifests[ref]
	if !ok {
		return Manifest{}, fmt.Errorf("manifest unknown: %s", ref)
	}
	return m, nil
}

func (r *fakeRegistry) OpenBlob(_ context.Context, digest string) (io.ReadCloser, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	b, ok := r.blobs[digest]
	if !ok {
		return nil, fmt.Errorf("blob unknown: %s", digest)
	}
	return io.NopCloser(bytes.NewReader(b)), nil
}

type fakeDB map[string][]Advisory

func (db fakeDB) Lookup(_ context.Context, p Package) ([]Advisory, error) {
	return db[p.Ecosystem+"/"+p.Name+"@"+p.Version], nil
}

func layerTarGz(t *testing.T, files map[string]string, order ...string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	tw := tar.NewWriter(zw)
	for _, name := range order {
		body := files[name]
		hdr := &tar.Header{Name: name, Mode: 0o644, Size: int64(len(body)), Typeflag: tar.TypeReg}
		if err := tw.WriteHeader(hdr); err != nil {
			t.Fatal(err)
		}
		if _, err := io.WriteString(tw, body); err != nil {
			t.Fatal(err)
		}
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

const goodStatus = `Package: openssl
Status: install ok installed
Version: 1.1.1n-0+deb11u3

Package: zlib1g
Status: install ok installed
Version: 1:1.2.11.dfsg-2+deb11u1
`

const truncatedStatus = `Package: openssl
Status: install ok installed
Version: 3.0.11-1~deb12u2

Package: libc6
Status: install ok installed
`

func TestScanRejectsMalformedPackageDatabase(t *testing.T) {
	defer goleak.VerifyNone(t)

	reg := newFakeRegistry()
	base := layerTarGz(t, map[string]string{
		"etc/os-release":      "ID=debian\n",
		"var/lib/dpkg/status": goodStatus,
	}, "etc/os-release", "var/lib/dpkg/status")
	reg.addImage("example.com/app:1.0", base)

	broken := layerTarGz(t, map[string]string{
		"var/lib/dpkg/status": truncatedStatus,
		"usr/bin/app":         strings.Repeat("\x7fELF", 4096),
	}, "var/lib/dpkg/status", "usr/bin/app")
	reg.addImage("example.com/app:2.0", broken)

	db := fakeDB{"debian/openssl@1.1.1n-0+deb11u3": {{ID: "CVE-2023-0286", Severity: "high", FixedIn: "1.1.1t-0+deb11u1"}}}
	s, err := New(Config{Registry: reg, DB: db, LayerWorkers: 1})
	if err != nil {
		t.Fatal(err)
	}

	rep, err := s.Scan(context.Background(), "example.com/app:1.0")
	if err != nil {
		t.Fatalf("Scan(1.0): %v", err)
	}
	if len(rep.Packages) != 2 || len(rep.Findings) != 1 || rep.Findings[0].Advisory.ID != "CVE-2023-0286" {
		t.Fatalf("Scan(1.0) = %+v", rep)
	}

	_, err = s.Scan(context.Background(), "example.com/app:2.0")
	if !errors.Is(err, ErrMalformedDB) {
		t.Fatalf("Scan(2.0) error = %v, want %v", err, ErrMalformedDB)
	}
}

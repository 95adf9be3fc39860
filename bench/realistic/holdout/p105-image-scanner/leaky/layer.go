package imagescan

import (
	"archive/tar"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"path"
	"strings"
)

// Layer media types understood by the scanner.
const (
	MediaTypeTar     = "application/vnd.oci.image.layer.v1.tar"
	MediaTypeTarGzip = "application/vnd.oci.image.layer.v1.tar+gzip"
)

var (
	// ErrDigestMismatch is reported when a layer's content does not hash to
	// the digest recorded in the manifest.
	ErrDigestMismatch = errors.New("digest mismatch")
	// ErrUnsupportedLayer is returned for layers with an unknown media type
	// or digest algorithm.
	ErrUnsupportedLayer = errors.New("unsupported layer")
)

// openLayer returns the uncompressed tar stream of a layer blob. The blob is
// decompressed and hashed on a separate goroutine; a digest mismatch is
// reported to the reader in place of io.EOF, so callers must read the stream
// to the end to learn that the layer is intact. openLayer takes ownership of
// blob.
func openLayer(blob io.ReadCloser, l Layer) (io.ReadCloser, error) {
	algo, want, ok := strings.Cut(l.Digest, ":")
	if !ok || algo != "sha256" || (l.MediaType != MediaTypeTar && l.MediaType != MediaTypeTarGzip) {
		blob.Close()
		return nil, fmt.Errorf("%w: %s (%s)", ErrUnsupportedLayer, l.Digest, l.MediaType)
	}

	pr, pw := io.Pipe()
	go func() {
		defer blob.Close()
		h := sha256.New()
		var src io.Reader = io.TeeReader(blob, h)
		if l.MediaType == MediaTypeTarGzip {
			zr, err := gzip.NewReader(src)
			if err != nil {
				pw.CloseWithError(fmt.Errorf("gzip: %w", err))
				return
			}
			defer zr.Close()
			src = zr
		}
		if _, err := io.Copy(pw, src); err != nil { // leak: pipe write blocks once the tar reader gives up
			pw.CloseWithError(err)
			return
		}
		if got := hex.EncodeToString(h.Sum(nil)); got != want {
			pw.CloseWithError(fmt.Errorf("%w: want sha256:%s, got sha256:%s", ErrDigestMismatch, want, got))
			return
		}
		pw.Close()
	}()
	return pr, nil
}

// extractPackages walks a layer's tar stream and parses every package
// database it finds. It reads r to the end so that integrity errors from
// openLayer are surfaced.
func extractPackages(ctx context.Context, r io.Reader) ([]Package, error) {
	tr := tar.NewReader(r)
	var pkgs []Package
	for {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		hdr, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("read tar: %w", err)
		}
		name := path.Clean(strings.TrimPrefix(hdr.Name, "/"))
		db, ok := packageDBs[name]
		if !ok || hdr.Typeflag != tar.TypeReg {
			continue
		}
		found, err := db.parse(tr)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		pkgs = append(pkgs, found...)
	}
	if _, err := io.Copy(io.Discard, r); err != nil {
		return nil, err
	}
	return pkgs, nil
}

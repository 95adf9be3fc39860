package imagescan

import (
	"archive/tar"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"path"
	"strings"
)

// Descriptor identifies a gzip-compressed layer blob in a registry.
type Descriptor struct {
	Digest string // "sha256:<hex>"
}

// Manifest lists the layers of an image, base layer first.
type Manifest struct {
	Layers []Descriptor
}

// Registry is the part of a container registry API the scanner needs.
type Registry interface {
	Manifest(ctx context.Context, ref string) (Manifest, error)
	Blob(ctx context.Context, digest string) (io.ReadCloser, error)
}

// File is a regular file extracted from a layer.
type File struct {
	Path  string
	Layer string
	Data  []byte
}

// extractLayer streams one layer blob and returns the files the analyzers
// want. The blob is verified against its digest while it is being unpacked,
// so a tampered layer fails the scan even though its files were read.
func (s *Scanner) extractLayer(ctx context.Context, desc Descriptor) ([]File, error) {
	rc, err := s.registry.Blob(ctx, desc.Digest)
	if err != nil {
		return nil, fmt.Errorf("fetch layer %s: %w", desc.Digest, err)
	}

	pr, pw := io.Pipe()
	go func() {
		defer rc.Close()
		h := sha256.New()
		_, err := io.Copy(pw, io.TeeReader(rc, h))
		if err == nil {
			if got := "sha256:" + hex.EncodeToString(h.Sum(nil)); got != desc.Digest {
				err = fmt.Errorf("%w: want %s, got %s", ErrDigestMismatch, desc.Digest, got)
			}
		}
		pw.CloseWithError(err)
	}()
	defer pr.Close()

	gz, err := gzip.NewReader(pr)
	if err != nil {
		return nil, fmt.Errorf("layer %s: %w", desc.Digest, err)
	}
	defer gz.Close()

	var files []File
	tr := tar.NewReader(gz)
	for {
		hdr, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("layer %s: read tar: %w", desc.Digest, err)
		}
		name := strings.TrimPrefix(path.Clean("/"+hdr.Name), "/")
		if hdr.Typeflag != tar.TypeReg || !s.wants(name) {
			continue
		}
		if hdr.Size > s.maxFileSize {
			return nil, fmt.Errorf("layer %s: %s is %d bytes: %w", desc.Digest, name, hdr.Size, ErrFileTooLarge)
		}
		data, err := io.ReadAll(tr)
		if err != nil {
			return nil, fmt.Errorf("layer %s: read %s: %w", desc.Digest, name, err)
		}
		files = append(files, File{Path: name, Layer: desc.Digest, Data: data})
	}

	// Drain whatever follows the end of the archive so the digest of the
	// complete blob is checked; a mismatch surfaces as the read error here.
	if _, err := io.Copy(io.Discard, pr); err != nil {
		return nil, fmt.Errorf("layer %s: %w", desc.Digest, err)
	}
	return files, nil
}

func (s *Scanner) wants(name string) bool {
	for _, a := range s.analyzers {
		if a.Wants(name) {
			return true
		}
	}
	return false
}

// squash applies layers in order: a file in a later layer replaces the file
// at the same path in an earlier one.
func squash(files []File) []File {
	idx := make(map[string]int, len(files))
	var out []File
	for _, f := range files {
		if i, ok := idx[f.Path]; ok {
			out[i] = f
			continue
		}
		idx[f.Path] = len(out)
		out = append(out, f)
	}
	return out
}

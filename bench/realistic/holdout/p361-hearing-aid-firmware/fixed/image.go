// Package firmware pushes firmware images to hearing aids over a
// low-bandwidth radio link, one fixed-size block at a time.
package firmware

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Version is a firmware version of the form major.minor.patch.
type Version struct {
	Major, Minor, Patch int
}

// ParseVersion parses strings such as "4.2.1" or "4.2".
func ParseVersion(s string) (Version, error) {
	parts := strings.Split(strings.TrimPrefix(strings.TrimSpace(s), "v"), ".")
	if len(parts) < 2 || len(parts) > 3 {
		return Version{}, fmt.Errorf("firmware: malformed version %q", s)
	}
	var nums [3]int
	for i, p := range parts {
		n, err := strconv.Atoi(p)
		if err != nil || n < 0 {
			return Version{}, fmt.Errorf("firmware: malformed version %q", s)
		}
		nums[i] = n
	}
	return Version{Major: nums[0], Minor: nums[1], Patch: nums[2]}, nil
}

// MustVersion is like ParseVersion but panics on malformed input. It is
// intended for constants and tests.
func MustVersion(s string) Version {
	v, err := ParseVersion(s)
	if err != nil {
		panic(err)
	}
	return v
}

func (v Version) String() string {
	return fmt.Sprintf("%d.%d.%d", v.Major, v.Minor, v.Patch)
}

// Less reports whether v is older than o.
func (v Version) Less(o Version) bool {
	if v.Major != o.Major {
		return v.Major < o.Major
	}
	if v.Minor != o.Minor {
		return v.Minor < o.Minor
	}
	return v.Patch < o.Patch
}

// Image is a signed firmware bundle for one hearing aid model.
type Image struct {
	Model   string
	Version Version
	// MinInstalled is the oldest installed version the image can be
	// applied on top of; older devices need an intermediate release.
	MinInstalled Version
	Payload      []byte
	Digest       [sha256.Size]byte
}

// NewImage builds an image and computes its digest.
func NewImage(model string, v, minInstalled Version, payload []byte) Image {
	return Image{
		Model:        model,
		Version:      v,
		MinInstalled: minInstalled,
		Payload:      payload,
		Digest:       sha256.Sum256(payload),
	}
}

// ErrCorruptImage is returned when an image's payload does not match its digest.
var ErrCorruptImage = errors.New("firmware: image digest mismatch")

// Verify checks the payload against the recorded digest.
func (img Image) Verify() error {
	if img.Model == "" {
		return errors.New("firmware: image has no model")
	}
	if len(img.Payload) == 0 {
		return errors.New("firmware: empty image")
	}
	if sha256.Sum256(img.Payload) != img.Digest {
		return ErrCorruptImage
	}
	return nil
}

// Blocks splits the payload into blocks of at most size bytes.
func (img Image) Blocks(size int) [][]byte {
	if size <= 0 {
		size = len(img.Payload)
	}
	blocks := make([][]byte, 0, (len(img.Payload)+size-1)/size)
	for off := 0; off < len(img.Payload); off += size {
		end := off + size
		if end > len(img.Payload) {
			end = len(img.Payload)
		}
		blocks = append(blocks, img.Payload[off:end])
	}
	return blocks
}

package fixed_copy_verify

import (
	"errors"
	"hash/crc32"
)

// run: _, _ = Copy(NewStore(), "a.bin", "b.bin", false)

var errCorrupt = errors.New("copy: checksum mismatch")

// Store is an in-memory blob store.
type Store struct {
	blobs map[string][]byte
}

func NewStore() *Store {
	return &Store{blobs: map[string][]byte{"a.bin": []byte("payload")}}
}

// Copy duplicates a blob; with verify it checks the copy against a checksum computed meanwhile.
func Copy(s *Store, src, dst string, verify bool) (int, error) {
	var sums chan uint32
	data := s.blobs[src]
	if verify { // without verify there is no channel and nobody to compute a sum for
		sums = make(chan uint32, 1)
		go func() {
			sums <- crc32.ChecksumIEEE(data)
		}()
	}
	s.blobs[dst] = append([]byte(nil), data...)
	if verify {
		if <-sums != crc32.ChecksumIEEE(s.blobs[dst]) {
			return 0, errCorrupt
		}
	}
	return len(data), nil
}

package dohproxy

import (
	"encoding/binary"
	"errors"
	"strconv"
	"strings"
)

// ErrMalformed is returned for messages that are not valid DNS wire format.
var ErrMalformed = errors.New("dohproxy: malformed DNS message")

const headerLen = 12

// questionKey returns the cache key of a query: its first question's
// lower-cased name, type and class.
func questionKey(msg []byte) (string, error) {
	if len(msg) < headerLen || binary.BigEndian.Uint16(msg[4:6]) == 0 {
		return "", ErrMalformed
	}
	name, off, err := readName(msg, headerLen)
	if err != nil {
		return "", err
	}
	if off+4 > len(msg) {
		return "", ErrMalformed
	}
	qtype := binary.BigEndian.Uint16(msg[off:])
	class := binary.BigEndian.Uint16(msg[off+2:])
	return strings.ToLower(name) + "/" + strconv.Itoa(int(qtype)) + "/" + strconv.Itoa(int(class)), nil
}

// readName decodes a possibly compressed domain name starting at off and
// returns it with the offset just past it.
func readName(msg []byte, off int) (string, int, error) {
	var labels []string
	end := -1
	for hops := 0; hops < 64; hops++ {
		if off >= len(msg) {
			return "", 0, ErrMalformed
		}
		l := int(msg[off])
		switch {
		case l == 0:
			if end < 0 {
				end = off + 1
			}
			return strings.Join(labels, ".") + ".", end, nil
		case l&0xC0 == 0xC0:
			if off+1 >= len(msg) {
				return "", 0, ErrMalformed
			}
			if end < 0 {
				end = off + 2
			}
			off = int(binary.BigEndian.Uint16(msg[off:]) & 0x3FFF)
		default:
			if off+1+l > len(msg) {
				return "", 0, ErrMalformed
			}
			labels = append(labels, string(msg[off+1:off+1+l]))
			off += 1 + l
		}
	}
	return "", 0, ErrMalformed
}

// minTTL returns the smallest TTL of the answer and authority records, and
// false if the response has none (or cannot be walked).
func minTTL(msg []byte) (uint32, bool) {
	if len(msg) < headerLen {
		return 0, false
	}
	qd := int(binary.BigEndian.Uint16(msg[4:]))
	rrs := int(binary.BigEndian.Uint16(msg[6:])) + int(binary.BigEndian.Uint16(msg[8:]))
	off := headerLen
	for i := 0; i < qd; i++ {
		_, next, err := readName(msg, off)
		if err != nil || next+4 > len(msg) {
			return 0, false
		}
		off = next + 4
	}
	var ttl uint32
	found := false
	for i := 0; i < rrs; i++ {
		_, next, err := readName(msg, off)
		if err != nil || next+10 > len(msg) {
			return 0, false
		}
		t := binary.BigEndian.Uint32(msg[next+4:])
		if !found || t < ttl {
			ttl, found = t, true
		}
		off = next + 10 + int(binary.BigEndian.Uint16(msg[next+8:]))
	}
	return ttl, found
}

// Package alignrun runs short-read alignment as a sharded pipeline: reads are
// split into fixed-size shards, each shard is aligned by a pool of aligner
// workers, and the per-shard outputs (each already in coordinate order) are
// merged into a single coordinate-sorted stream.
package alignrun

import (
	"context"
	"errors"
	"fmt"
)

// ErrUnsorted is returned when an aligner hands back a shard whose
// alignments are not in coordinate order.
var ErrUnsorted = errors.New("alignrun: shard output not coordinate-sorted")

// Read is a single sequencing read as it comes off the instrument.
type Read struct {
	ID   string
	Seq  string
	Qual string
}

// Alignment is the placement of one read on the reference.
type Alignment struct {
	ReadID  string
	Contig  string
	Pos     int64
	MapQ    uint8
	Reverse bool
	CIGAR   string
}

// Less reports whether a sorts before b in coordinate order: by contig, then
// position, then read ID to make the order total.
func (a Alignment) Less(b Alignment) bool {
	if a.Contig != b.Contig {
		return a.Contig < b.Contig
	}
	if a.Pos != b.Pos {
		return a.Pos < b.Pos
	}
	return a.ReadID < b.ReadID
}

// String formats the alignment roughly the way it would appear in a SAM line.
func (a Alignment) String() string {
	strand := '+'
	if a.Reverse {
		strand = '-'
	}
	return fmt.Sprintf("%s\t%s:%d\t%c\t%d\t%s", a.ReadID, a.Contig, a.Pos, strand, a.MapQ, a.CIGAR)
}

// Shard is a contiguous slice of the input handed to one aligner invocation.
type Shard struct {
	Index int
	Reads []Read
}

// Aligner aligns one shard against the reference. Implementations usually
// wrap an external tool such as bwa-mem or minimap2. The returned alignments
// must be in coordinate order.
type Aligner interface {
	Align(ctx context.Context, shard Shard) ([]Alignment, error)
}

// Sink receives the merged, coordinate-sorted output.
type Sink interface {
	Write(a Alignment) error
}

// Stats summarises a completed run.
type Stats struct {
	Reads      int
	Shards     int
	Alignments int
}

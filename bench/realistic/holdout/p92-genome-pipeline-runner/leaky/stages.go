package pipeline

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
)

// ErrMalformedFASTQ is returned when the raw reads cannot be parsed.
var ErrMalformedFASTQ = errors.New("malformed FASTQ")

// ReadSource opens the raw FASTQ reads of a sample.
type ReadSource interface {
	Open(ctx context.Context, sample string) (io.ReadCloser, error)
}

// Aligner maps trimmed reads, streamed as FASTQ, to the reference genome and
// returns the path of the resulting BAM file.
type Aligner interface {
	Align(ctx context.Context, sample string, reads io.Reader) (bam string, err error)
}

// VariantCaller produces a VCF from an aligned BAM.
type VariantCaller interface {
	Call(ctx context.Context, sample, bam string) (vcf string, err error)
}

// fastqRecord is one four-line FASTQ entry.
type fastqRecord struct {
	header, seq, qual string
}

// align runs the trim and align stages for sample. Trimmed reads are
// streamed to the aligner through a pipe so they never touch the disk.
func (r *Runner) align(ctx context.Context, sample string, cp Checkpoint) (Checkpoint, error) {
	raw, err := r.cfg.Source.Open(ctx, sample)
	if err != nil {
		return cp, fmt.Errorf("open reads for %s: %w", sample, err)
	}
	pr, pw := io.Pipe()
	go func() {
		defer raw.Close()
		pw.CloseWithError(r.trim(raw, pw))
	}()

	bam, err := r.cfg.Aligner.Align(ctx, sample, pr)
	if err != nil {
		return cp, fmt.Errorf("align %s: %w", sample, err)
	}
	cp.BAM = bam
	return r.advance(ctx, sample, cp, StageAligned)
}

// call runs the variant calling stage for an aligned sample.
func (r *Runner) call(ctx context.Context, sample string, cp Checkpoint) (Checkpoint, error) {
	vcf, err := r.cfg.Caller.Call(ctx, sample, cp.BAM)
	if err != nil {
		return cp, fmt.Errorf("call variants for %s: %w", sample, err)
	}
	cp.VCF = vcf
	return r.advance(ctx, sample, cp, StageCalled)
}

// trim copies FASTQ records from src to dst, cutting low-quality bases from
// the 3' end and dropping reads that become shorter than MinReadLength.
func (r *Runner) trim(src io.Reader, dst io.Writer) error {
	sc := bufio.NewScanner(src)
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	for {
		rec, ok, err := nextRecord(sc)
		if err != nil || !ok {
			return err
		}
		keep := trimmedLength(rec.qual, r.cfg.MinBaseQuality)
		if keep < r.cfg.MinReadLength {
			continue
		}
		if _, err := fmt.Fprintf(dst, "%s\n%s\n+\n%s\n", rec.header, rec.seq[:keep], rec.qual[:keep]); err != nil { // leak: blocks once the aligner stops reading the pipe
			return err
		}
	}
}

// nextRecord reads one record; ok is false at a clean end of input.
func nextRecord(sc *bufio.Scanner) (rec fastqRecord, ok bool, err error) {
	var lines [4]string
	for i := range lines {
		if !sc.Scan() {
			if err := sc.Err(); err != nil {
				return rec, false, err
			}
			if i == 0 {
				return rec, false, nil
			}
			return rec, false, fmt.Errorf("%w: truncated record", ErrMalformedFASTQ)
		}
		lines[i] = sc.Text()
	}
	if len(lines[0]) == 0 || lines[0][0] != '@' || len(lines[1]) != len(lines[3]) {
		return rec, false, fmt.Errorf("%w: bad record %q", ErrMalformedFASTQ, lines[0])
	}
	return fastqRecord{header: lines[0], seq: lines[1], qual: lines[3]}, true, nil
}

// trimmedLength returns how many leading bases to keep so that the read
// ends on a base with Phred quality (Sanger encoding) of at least minQ.
func trimmedLength(qual string, minQ int) int {
	n := len(qual)
	for n > 0 && int(qual[n-1])-33 < minQ {
		n--
	}
	return n
}

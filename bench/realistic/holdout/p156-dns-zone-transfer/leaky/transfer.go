package secondary

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"strings"
)

// TransferKind selects a full (AXFR) or incremental (IXFR) transfer.
type TransferKind string

const (
	AXFR TransferKind = "AXFR"
	IXFR TransferKind = "IXFR"
)

// Transport opens transfer streams from primaries, one record per line in
// presentation form. For IXFR, serial is the version the secondary holds and
// the stream follows RFC 1995: the new SOA, then for each change the old SOA,
// deleted records, the new SOA and added records, then the new SOA again.
type Transport interface {
	Transfer(ctx context.Context, primary, zone string, kind TransferKind, serial uint32) (io.ReadCloser, error)
}

type streamItem struct {
	rr  Record
	err error
}

// stream is an open transfer whose records are decoded in the background so
// that parsing overlaps with reading from the network.
type stream struct {
	body  io.ReadCloser
	items <-chan streamItem
}

func openStream(ctx context.Context, t Transport, primary, zone string, kind TransferKind, serial uint32) (*stream, error) {
	body, err := t.Transfer(ctx, primary, zone, kind, serial)
	if err != nil {
		return nil, fmt.Errorf("%s %s from %s: %w", kind, zone, primary, err)
	}
	return &stream{body: body, items: decode(ctx, body)}, nil
}

// next returns the next record, or io.ErrUnexpectedEOF if the stream ended.
func (s *stream) next() (Record, error) {
	item, ok := <-s.items
	if !ok {
		return Record{}, io.ErrUnexpectedEOF
	}
	return item.rr, item.err
}

// Close releases the transfer connection.
func (s *stream) Close() error {
	return s.body.Close()
}

// decode parses r line by line and delivers records on the returned channel,
// which is closed at the end of input or after the first parse error. A read
// error ends the stream early, which consumers see as io.ErrUnexpectedEOF.
func decode(ctx context.Context, r io.Reader) <-chan streamItem {
	out := make(chan streamItem)
	go func() {
		defer close(out)
		sc := bufio.NewScanner(r)
		lineNo := 0
		for sc.Scan() {
			lineNo++
			line := strings.TrimSpace(sc.Text())
			if line == "" || strings.HasPrefix(line, ";") {
				continue
			}
			rr, err := ParseRecord(line)
			if err != nil {
				err = fmt.Errorf("line %d: %w", lineNo, err)
			}
			select { // leak: consumer stopped reading and ctx is never cancelled
			case out <- streamItem{rr: rr, err: err}:
			case <-ctx.Done():
				return
			}
			if err != nil {
				return
			}
		}
	}()
	return out
}

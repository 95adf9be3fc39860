package audioguide

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
)

type packet struct {
	chunk Chunk
	err   error
}

// stream reads tr frame by frame and delivers the frames as chunks. The
// channel is closed after the last frame or after a read error, which is
// delivered as the final packet. The track is closed when streaming ends.
func stream(ctx context.Context, tr Track, exhibitID, lang string, logger *log.Logger) <-chan packet {
	out := make(chan packet)
	go func() {
		defer close(out)
		defer func() {
			if err := tr.Close(); err != nil {
				logger.Printf("exhibit %s: closing track: %v", exhibitID, err)
			}
		}()
		for seq := 0; ; seq++ {
			data, err := tr.Next(ctx)
			if errors.Is(err, io.EOF) {
				return
			}
			p := packet{chunk: Chunk{ExhibitID: exhibitID, Lang: lang, Seq: seq, Data: data}}
			if err != nil {
				p = packet{err: fmt.Errorf("exhibit %s frame %d: %w", exhibitID, seq, err)}
			}
			out <- p // leak: nobody receives once the visitor skips ahead
			if err != nil {
				return
			}
		}
	}()
	return out
}

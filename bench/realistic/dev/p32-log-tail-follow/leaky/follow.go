package tail

import (
	"bufio"
	"context"
	"io"
	"os"
	"strings"
	"time"
)

func follow(ctx context.Context, f *os.File, offset int64, opts Options, lines chan<- Line) {
	defer close(lines)
	defer f.Close()
	r := bufio.NewReader(f)
	var partial strings.Builder
	var pending int64 // bytes read since the last complete line
	for {
		chunk, err := r.ReadString('\n') // leak: at the end of the file this loop only reads and sleeps; it never looks at ctx
		pending += int64(len(chunk))
		if partial.Len() < opts.MaxLine {
			partial.WriteString(chunk)
		}
		if err == io.EOF {
			time.Sleep(opts.Poll) // leak: where the endless loop spends its time once the caller is gone
			continue
		}
		if err != nil {
			return
		}
		text := strings.TrimSuffix(partial.String(), "\n")
		if len(text) > opts.MaxLine {
			text = text[:opts.MaxLine]
		}
		start := offset
		offset += pending
		pending = 0
		partial.Reset()
		select {
		case lines <- Line{Text: text, Offset: start}:
		case <-ctx.Done():
			return
		}
	}
}

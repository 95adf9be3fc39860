package mirror

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
)

// run: _, _ = Open(context.Background(), garbled{})

// Source streams a raw HTTP response.
type Source interface {
	Stream(ctx context.Context, w io.Writer) error
}

// garbled answers with a bad status line and a long body.
type garbled struct{}

func (garbled) Stream(ctx context.Context, w io.Writer) error {
	_, err := io.WriteString(w, "garbage\r\n"+strings.Repeat("x", 16<<10))
	return err
}

// Response is a mirrored response whose body streams from its source.
type Response struct {
	Status string
	Body   io.Reader
	closer io.Closer
}

// Close stops the stream.
func (r *Response) Close() error { return r.closer.Close() }

// Open starts streaming from src and parses the status line and headers.
func Open(ctx context.Context, src Source) (*Response, error) {
	pr, pw := io.Pipe()
	go func() {
		pw.CloseWithError(src.Stream(ctx, pw)) // want "goroutine blocks forever writing `pw` when `Open` returns at line 45 without reading or closing `pr`"
	}()
	resp, err := http.ReadResponse(bufio.NewReader(pr), nil)
	if err != nil {
		return nil, fmt.Errorf("mirror: %w", err)
	}
	return &Response{Status: resp.Status, Body: resp.Body, closer: pr}, nil
}

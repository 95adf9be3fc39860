package pipereturnedreadertakenover

import (
	"context"
	"fmt"
	"io"
	"net/http"
)

// Near misses of a returned pipe reader left open: each caller reads it to the end,
// hands it to a sender that closes it, or hands it on to its own caller.

func rows(records []string) io.ReadCloser {
	pr, pw := io.Pipe()
	go func() {
		for _, r := range records {
			if _, err := io.WriteString(pw, r+"\n"); err != nil {
				return
			}
		}
		pw.Close()
	}()
	return pr
}

// Push hands the body to the HTTP client, which closes it even when the request fails.
func Push(ctx context.Context, client *http.Client, url string, records []string) error {
	body := rows(records)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, body)
	if err != nil {
		body.Close()
		return fmt.Errorf("push: %w", err)
	}
	resp, err := client.Do(req)
	if err != nil {
		return fmt.Errorf("push: %w", err)
	}
	return resp.Body.Close()
}

// All reads the body to the end, and closes it whatever happens.
func All(records []string) ([]byte, error) {
	body := rows(records)
	defer body.Close()
	return io.ReadAll(body)
}

// Stream hands the body on: its caller owns it now.
func Stream(records []string) io.ReadCloser {
	body := rows(records)
	return body
}

// Copy reads it to the end unless the copy fails, and then closes it.
func Copy(dst io.Writer, records []string) error {
	body := rows(records)
	if _, err := io.Copy(dst, body); err != nil {
		body.Close()
		return err
	}
	return nil
}

package pipenamedother

import (
	"encoding/json"
	"io"
	"net/http"
)

// run: _, _ = Post(http.DefaultClient, "://bad", 1)

// Post has a named result, but the pipe's reader is a local of its own: when the
// request cannot be built nobody reads the pipe, and the encoder waits forever.
func Post(c *http.Client, url string, v any) (status int, err error) {
	pr, pw := io.Pipe()
	go func() {
		pw.CloseWithError(json.NewEncoder(pw).Encode(v)) // want "goroutine blocks forever writing `pw` when `Post` returns at line 20 without reading or closing `pr`"
	}()
	req, err := http.NewRequest(http.MethodPost, url, pr)
	if err != nil {
		return 0, err
	}
	resp, err := c.Do(req)
	if err != nil {
		return 0, err
	}
	status = resp.StatusCode
	return status, resp.Body.Close()
}

package pipewriter

import (
	"encoding/json"
	"io"
	"net/http"
)

// Post streams v as the request body; when the request cannot be built, nobody ever
// reads the pipe and the encoding goroutine waits on its first write.
func Post(c *http.Client, url string, v any) error {
	pr, pw := io.Pipe()
	go func() {
		pw.CloseWithError(json.NewEncoder(pw).Encode(v)) // want "goroutine blocks forever writing `pw` when `Post` returns at line 18 without reading or closing `pr`"
	}()
	req, err := http.NewRequest(http.MethodPost, url, pr)
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := c.Do(req)
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

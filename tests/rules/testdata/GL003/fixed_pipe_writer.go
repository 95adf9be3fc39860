package fixedpipewriter

import (
	"encoding/json"
	"io"
	"net/http"
)

// Post closes the reader when the request cannot be built: the write fails and the
// goroutine ends.
func Post(c *http.Client, url string, v any) error {
	pr, pw := io.Pipe()
	go func() {
		pw.CloseWithError(json.NewEncoder(pw).Encode(v))
	}()
	req, err := http.NewRequest(http.MethodPost, url, pr)
	if err != nil {
		pr.CloseWithError(err)
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := c.Do(req)
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

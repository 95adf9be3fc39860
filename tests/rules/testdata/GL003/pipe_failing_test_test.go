package pipefailingtest

import (
	"fmt"
	"io"
	"net/http"
	"testing"
)

// The only way out that leaves the writer blocked is after the test has failed.
func TestStreamedBody(t *testing.T) {
	pr, pw := io.Pipe()
	go func() {
		defer pw.Close()
		for i := 0; i < 3; i++ {
			fmt.Fprintln(pw, i)
		}
	}()
	req, err := http.NewRequest(http.MethodPost, "http://127.0.0.1:1/", pr)
	if err != nil {
		t.Errorf("NewRequest: %v", err)
		return
	}
	resp, err := http.DefaultClient.Do(req)
	if err == nil {
		resp.Body.Close()
	}
}

package efilehttp

import (
	"encoding/xml"
	"io"
	"net/http"
)

// Return is a tax return to file.
type Return struct {
	ID string `xml:"id"`
}

// transmit streams the encoded return; net/http closes the body even when the request fails.
func transmit(client *http.Client, url string, r *Return) (*http.Response, error) {
	pr, pw := io.Pipe()
	go func() {
		pw.CloseWithError(xml.NewEncoder(pw).Encode(r))
	}()
	return client.Post(url, "text/xml", pr)
}

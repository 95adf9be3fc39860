package efile

import (
	"context"
	"encoding/xml"
	"errors"
	"io"
)

// run: g := &Gateway{auth: throttled{}}; _, _ = g.transmit(context.Background(), &Return{ID: "r-1"})

// Return is a tax return to file.
type Return struct {
	ID     string `xml:"id"`
	Amount int    `xml:"amount"`
}

// Authority receives filings; it may refuse one without reading it.
type Authority interface {
	Transmit(ctx context.Context, body io.Reader) (string, error)
}

type throttled struct{}

func (throttled) Transmit(context.Context, io.Reader) (string, error) {
	return "", errors.New("throttled")
}

// Gateway files returns with the authority.
type Gateway struct {
	auth Authority
}

// transmit streams the encoded return without buffering it.
func (g *Gateway) transmit(ctx context.Context, r *Return) (string, error) {
	pr, pw := io.Pipe()
	defer pr.Close()
	go func() {
		err := xml.NewEncoder(pw).Encode(r)
		pw.CloseWithError(err)
	}()
	return g.auth.Transmit(ctx, pr)
}

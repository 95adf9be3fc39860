package crawl

import (
	"errors"
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type site struct{}

func (site) Fetch(url string) (string, error) {
	if strings.HasSuffix(url, "/broken") {
		return "", errors.New("500")
	}
	time.Sleep(time.Millisecond)
	return "<html>" + url + "</html>", nil
}

func TestBrokenPageDoesNotStall(t *testing.T) {
	defer goleak.VerifyNone(t)
	c := New(site{}, 1)
	for _, batch := range [][]string{
		{"https://a.example/broken"},
		{"https://a.example/1", "https://a.example/2"},
	} {
		if _, err := c.Crawl(batch, 20*time.Millisecond); err != nil && err != ErrDeadline {
			t.Fatal(err)
		}
	}
}

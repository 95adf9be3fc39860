package hedged_fetch

import (
	"errors"
	"strings"
	"time"
)

// run: _, _ = GetWithFallback("https://primary.example/item/1", "https://replica.example/item/1")

type result struct {
	body string
	err  error
}

func get(url string) (string, error) {
	time.Sleep(2 * time.Millisecond)
	if strings.Contains(url, "down") {
		return "", errors.New("unreachable: " + url)
	}
	return "item from " + url, nil
}

// fetchAsync starts the request and hands back where its result will arrive.
func fetchAsync(url string) <-chan result {
	ch := make(chan result)
	go func() {
		body, err := get(url)
		ch <- result{body: body, err: err} // want "blocks forever"
	}()
	return ch
}

// GetWithFallback asks both servers at once and prefers the primary's answer.
func GetWithFallback(primary, replica string) (string, error) {
	first := fetchAsync(primary)
	second := fetchAsync(replica)
	if r := <-first; r.err == nil {
		return r.body, nil
	}
	r := <-second
	return r.body, r.err
}

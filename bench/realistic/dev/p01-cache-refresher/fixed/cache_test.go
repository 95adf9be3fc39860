package cache

import (
	"testing"
	"time"

	"go.uber.org/goleak"
)

func TestCacheServesFreshSettings(t *testing.T) {
	defer goleak.VerifyNone(t)
	c := New(func() (map[string]string, error) {
		return map[string]string{"mode": "fast"}, nil
	}, WithInterval(5*time.Millisecond))
	deadline := time.Now().Add(time.Second)
	for {
		if v, ok := c.Get("mode"); ok && v == "fast" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("settings never loaded")
		}
		time.Sleep(time.Millisecond)
	}
	c.Close()
}

package withmain_test

import (
	"testing"

	"example.com/withmain"
)

func TestServeGivesUp(t *testing.T) {
	withmain.Serve(true)
}

func TestServe(t *testing.T) {
	if got := withmain.Serve(false); got != 42 {
		t.Fatalf("Serve = %d", got)
	}
}

package fresh

import "testing"

func acceptK9() error { return nil }

// A poll whose default fails the test (`default: t.Fatal(...)`) received on every
// passing run: each sender is received from (POLL_OR_FAIL; quic-go, audit 8).
func TestPollK9(t *testing.T) {
	errc := make(chan error)
	go func() {
		errc <- acceptK9()
	}()
	select {
	case err := <-errc:
		_ = err
	default:
		t.Fatal("first accept did not return")
	}
	go func() {
		errc <- acceptK9()
	}()
	select {
	case err := <-errc:
		_ = err
	default:
		t.Fatal("second accept did not return")
	}
}

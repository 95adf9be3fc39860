package fresh

import (
	"errors"
	"testing"
)

func writeK11(p []byte) error {
	if len(p) == 0 {
		return errors.New("empty")
	}
	return nil
}

// The goroutine sends twice when smallWrites is set, once otherwise; the test receives
// the same number under the same flag.
func runWritesK11(t *testing.T, smallWrites bool) {
	errChan := make(chan error, 2)
	go func() {
		if smallWrites {
			errChan <- writeK11([]byte("a"))
			errChan <- writeK11([]byte("b"))
			return
		}
		errChan <- writeK11([]byte("ab"))
	}()
	if err := <-errChan; err != nil {
		t.Fatal(err)
	}
	if smallWrites {
		if err := <-errChan; err != nil {
			t.Fatal(err)
		}
	}
}

func TestSmallK11(t *testing.T) { runWritesK11(t, true) }
func TestLargeK11(t *testing.T) { runWritesK11(t, false) }

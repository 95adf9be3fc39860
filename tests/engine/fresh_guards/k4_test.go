package fresh

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func registerK4() error { return nil }

// testify's `require.Fail` stops the test as `t.FailNow` does: the timeout case is a
// failing run's path, where a leak is no leak of passing code.
func TestRegisterK4(t *testing.T) {
	errc := make(chan error)
	go func() { errc <- registerK4() }()
	select {
	case <-time.After(time.Second):
		require.Fail(t, "register timed out")
		return
	case err := <-errc:
		require.NoError(t, err)
	}
}

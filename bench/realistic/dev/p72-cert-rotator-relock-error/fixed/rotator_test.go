package certrotate

import (
	"crypto/tls"
	"errors"
	"testing"

	"go.uber.org/goleak"
)

func TestReloadFailureKeepsOldCert(t *testing.T) {
	defer goleak.VerifyNone(t)

	current := &tls.Certificate{}
	loads := make(chan struct{}, 4)
	var fail bool
	r, err := New(func() (*tls.Certificate, error) {
		loads <- struct{}{}
		if fail {
			return nil, errors.New("open /etc/tls/tls.key: permission denied")
		}
		return current, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	<-loads

	fail = true
	changed := make(chan struct{})
	r.Watch(changed)
	changed <- struct{}{}
	<-loads
	r.Stop()
}

package vault

import (
	"context"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type fakeVault struct {
	logins chan struct{}
}

func (f *fakeVault) Do(ctx context.Context, method, path, token string, body []byte) (int, []byte, error) {
	switch path {
	case "/v1/auth/approle/login":
		f.logins <- struct{}{}
		return 400, []byte(`{"errors":["invalid role or secret ID"]}`), nil
	case "/v1/sys/health":
		return 200, []byte(`{"data":{"sealed":"false","version":"1.15.2"}}`), nil
	}
	return 404, nil, nil
}

func TestBadCredentials(t *testing.T) {
	defer goleak.VerifyNone(t)

	fv := &fakeVault{logins: make(chan struct{}, 1)}
	c := New(fv, Credentials{RoleID: "billing", SecretID: "expired"}, WithTimeout(100*time.Millisecond))
	defer c.Close()
	<-fv.logins
}

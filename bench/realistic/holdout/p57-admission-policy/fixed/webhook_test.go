package admission

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"
)

// unavailableEngine behaves like a transport talking to an overloaded engine:
// it consumes the request body and answers 503.
type unavailableEngine struct{}

func (unavailableEngine) Do(req *http.Request) (*http.Response, error) {
	_, _ = io.Copy(io.Discard, req.Body)
	req.Body.Close()
	return &http.Response{
		StatusCode: http.StatusServiceUnavailable,
		Status:     "503 Service Unavailable",
		Body:       io.NopCloser(strings.NewReader("")),
	}, nil
}

func admit(t *testing.T, h http.Handler, uid string) *AdmissionResponse {
	t.Helper()
	body := `{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"` + uid +
		`","kind":"Pod","namespace":"default","operation":"CREATE","object":{"metadata":{"name":"web"}}}}`
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/validate", strings.NewReader(body)))
	if rec.Code != http.StatusOK {
		t.Fatalf("status %d: %s", rec.Code, rec.Body.String())
	}
	var out AdmissionReview
	if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil || out.Response == nil {
		t.Fatalf("bad response %q: %v", rec.Body.String(), err)
	}
	return out.Response
}

func TestIgnoredEngineOutageStillAdmits(t *testing.T) {
	defer goleak.VerifyNone(t)

	engine := NewPolicyClient("image-policy", "http://policy.invalid/v1/evaluate",
		NewBreaker(unavailableEngine{}, 1, time.Minute))
	h := New([]*PolicyClient{engine},
		WithFailurePolicy(Ignore),
		WithTimeout(100*time.Millisecond),
		WithLogger(t.Logf))

	for _, uid := range []string{"req-1", "req-2"} {
		if resp := admit(t, h, uid); !resp.Allowed || resp.UID != uid {
			t.Fatalf("%s: got %+v, want allowed", uid, resp)
		}
	}
}

package upload

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.uber.org/goleak"
)

func do(t *testing.T, h http.Handler, method, path, body string) *httptest.ResponseRecorder {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(method, path, strings.NewReader(body)))
	return rec
}

func TestCompleteWithMissingChunkIsRejected(t *testing.T) {
	defer goleak.VerifyNone(t)

	staging, store := t.TempDir(), t.TempDir()
	h := NewHandler(staging, DirSink{Root: store})

	chunk := string(bytes.Repeat([]byte{0xAB}, 1024))
	for _, n := range []string{"0", "2"} { // chunk 1 was lost on a flaky connection
		if rec := do(t, h, http.MethodPut, "/vid_42/chunks/"+n, chunk); rec.Code != http.StatusNoContent {
			t.Fatalf("PUT chunk %s: %d %s", n, rec.Code, rec.Body)
		}
	}

	rec := do(t, h, http.MethodPost, "/vid_42/complete", `{"chunks": 3}`)
	if rec.Code != http.StatusConflict {
		t.Fatalf("complete: got %d %s, want %d", rec.Code, rec.Body, http.StatusConflict)
	}
	if _, err := os.Stat(filepath.Join(store, "vid_42.mp4")); !os.IsNotExist(err) {
		t.Errorf("incomplete object was published (stat err = %v)", err)
	}
}

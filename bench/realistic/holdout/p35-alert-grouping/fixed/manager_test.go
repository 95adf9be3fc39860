package alerting

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"
)

func post(t *testing.T, h http.Handler, body string) {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/alerts", strings.NewReader(body)))
	if rec.Code != http.StatusAccepted {
		t.Fatalf("POST /alerts: %d %s", rec.Code, rec.Body)
	}
}

func next(t *testing.T, ch <-chan Notification) Notification {
	t.Helper()
	select {
	case n := <-ch:
		return n
	case <-time.After(500 * time.Millisecond):
		t.Fatal("no notification")
		return Notification{}
	}
}

func TestGroupResolvesAndGoesAway(t *testing.T) {
	defer goleak.VerifyNone(t)

	sent := make(chan Notification, 16)
	m := New(func(ctx context.Context, n Notification) error {
		sent <- n
		return nil
	}, WithGroupBy("cluster"), WithGroupWait(5*time.Millisecond), WithGroupInterval(10*time.Millisecond))
	defer m.Stop()

	post(t, m, `[{"name":"DiskFull","labels":{"cluster":"eu1","host":"a"}},
	             {"name":"DiskFull","labels":{"cluster":"eu1","host":"b"}}]`)
	if n := next(t, sent); n.GroupKey != "cluster=eu1" || len(n.Firing) != 2 {
		t.Fatalf("first notification: %+v", n)
	}

	post(t, m, `[{"name":"DiskFull","labels":{"cluster":"eu1","host":"a"},"resolved":true},
	             {"name":"DiskFull","labels":{"cluster":"eu1","host":"b"},"resolved":true}]`)
	for {
		if n := next(t, sent); len(n.Resolved) == 2 {
			break
		}
	}
	deadline := time.Now().Add(500 * time.Millisecond)
	for m.Groups() != 0 {
		if time.Now().After(deadline) {
			t.Fatal("resolved group was not removed")
		}
		time.Sleep(time.Millisecond)
	}
}

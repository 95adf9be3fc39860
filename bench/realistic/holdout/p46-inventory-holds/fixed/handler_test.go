package inventory

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type notifyFunc func(Backorder, Hold)

func (f notifyFunc) BackorderHeld(b Backorder, h Hold) { f(b, h) }

func do(t *testing.T, h http.Handler, method, path, body string, want int) {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(method, path, strings.NewReader(body)))
	if rec.Code != want {
		t.Fatalf("%s %s: status %d, want %d: %s", method, path, rec.Code, want, rec.Body)
	}
}

func TestCommitKeepsStock(t *testing.T) {
	defer goleak.VerifyNone(t)

	store := NewStore()
	store.Restock("mug-red", 2)
	h := NewHandler(store, notifyFunc(func(Backorder, Hold) {}))
	hold, err := store.Reserve("mug-red", 2)
	if err != nil {
		t.Fatal(err)
	}
	do(t, h, http.MethodPost, "/holds/"+hold.ID+"/commit", "", http.StatusNoContent)
	do(t, h, http.MethodDelete, "/holds/"+hold.ID, "", http.StatusNotFound)
	if _, err := store.Reserve("mug-red", 1); !errors.Is(err, ErrInsufficientStock) {
		t.Fatalf("reserve after commit: err = %v, want ErrInsufficientStock", err)
	}
}

func TestBackorderFilledWhenHoldExpires(t *testing.T) {
	defer goleak.VerifyNone(t)

	store := NewStore(WithHoldTTL(20 * time.Millisecond))
	store.Restock("mug-blue", 1)
	held := make(chan Hold, 1)
	h := NewHandler(store, notifyFunc(func(b Backorder, hold Hold) { held <- hold }))

	// Alice holds the last mug and abandons her cart.
	do(t, h, http.MethodPost, "/holds", `{"sku":"mug-blue","qty":1,"customer":"alice"}`, http.StatusCreated)
	// Bob is out of luck for now and asks to be put on the list.
	do(t, h, http.MethodPost, "/holds", `{"sku":"mug-blue","qty":1,"customer":"bob","backorder":true}`, http.StatusAccepted)

	select {
	case hold := <-held:
		do(t, h, http.MethodDelete, "/holds/"+hold.ID, "", http.StatusNoContent)
	case <-time.After(300 * time.Millisecond):
		t.Errorf("bob's backorder was not filled after alice's hold expired")
	}
}

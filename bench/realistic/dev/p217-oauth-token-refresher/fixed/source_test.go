package tokenrefresh

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type fakeEndpoint struct {
	mu        sync.Mutex
	exchanges int
	refreshes int
	tok       *Token
	err       error
}

func (e *fakeEndpoint) Exchange(ctx context.Context) (*Token, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.exchanges++
	if e.err != nil {
		return nil, e.err
	}
	return e.tok.clone(), nil
}

func (e *fakeEndpoint) Refresh(ctx context.Context, refreshToken string) (*Token, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.refreshes++
	if e.err != nil {
		return nil, e.err
	}
	return e.tok.clone(), nil
}

// fakeClock never fires its timers on its own; the tests only need time to
// stand still.
type fakeClock struct{ now time.Time }

func (c *fakeClock) Now() time.Time { return c.now }

func (c *fakeClock) NewTimer(d time.Duration) Timer {
	return fakeTimer{c: make(chan time.Time)}
}

type fakeTimer struct{ c chan time.Time }

func (t fakeTimer) C() <-chan time.Time { return t.c }
func (t fakeTimer) Stop() bool          { return true }

func TestTokenIsSharedAndClosed(t *testing.T) {
	defer goleak.VerifyNone(t)

	clk := &fakeClock{now: time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC)}
	ep := &fakeEndpoint{tok: &Token{AccessToken: "at-1", RefreshToken: "rt-1", Expiry: clk.now.Add(time.Hour)}}
	src, err := New(context.Background(), ep, WithClock(clk))
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	defer src.Close()

	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			tok, err := src.Token(context.Background())
			if err != nil || tok.AccessToken != "at-1" {
				t.Errorf("Token = %+v, %v", tok, err)
			}
		}()
	}
	wg.Wait()
}

func TestNewRejectsBadCredentials(t *testing.T) {
	defer goleak.VerifyNone(t)

	clk := &fakeClock{now: time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC)}
	ep := &fakeEndpoint{err: &RetrieveError{Code: "invalid_client", Description: "client authentication failed"}}
	src, err := New(context.Background(), ep, WithClock(clk), WithBackoff(time.Second, time.Minute))
	if err == nil {
		src.Close()
		t.Fatal("New succeeded with rejected client credentials")
	}
	var re *RetrieveError
	if !errors.As(err, &re) || re.Code != "invalid_client" {
		t.Fatalf("New error = %v, want invalid_client", err)
	}
}

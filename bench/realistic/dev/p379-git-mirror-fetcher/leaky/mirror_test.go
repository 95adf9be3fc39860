package mirror

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

var errQuota = errors.New("repository over storage quota")

type fakeClock struct{ now time.Time }

func (c *fakeClock) Now() time.Time { return c.now }
func (c *fakeClock) After(d time.Duration) <-chan time.Time {
	return make(chan time.Time)
}

type fakeTokens struct {
	mu     sync.Mutex
	minted int
	clock  *fakeClock
}

func (f *fakeTokens) Token(ctx context.Context, host string) (Token, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.minted++
	return Token{Value: fmt.Sprintf("%s-tok-%d", host, f.minted), Expiry: f.clock.now.Add(time.Hour)}, nil
}

// fakeTransport serves one repository; the first token it sees is treated
// as revoked.
type fakeTransport struct {
	refs    map[string]string
	revoked string
	objects int
}

func (f *fakeTransport) ListRefs(ctx context.Context, url, token string) (map[string]string, error) {
	if f.revoked == "" {
		f.revoked = token
	}
	if token == f.revoked {
		return nil, ErrUnauthorized
	}
	return f.refs, nil
}

func (f *fakeTransport) FetchPack(ctx context.Context, url, token string, want, have []string) (io.ReadCloser, error) {
	var stream bytes.Buffer
	pkt := func(band byte, payload []byte) {
		fmt.Fprintf(&stream, "%04x", len(payload)+5)
		stream.WriteByte(band)
		stream.Write(payload)
	}
	hdr := make([]byte, 12)
	copy(hdr, "PACK")
	binary.BigEndian.PutUint32(hdr[4:], 2)
	binary.BigEndian.PutUint32(hdr[8:], uint32(f.objects))
	pkt(bandProgress, []byte("Enumerating objects: done.\n"))
	pkt(bandData, hdr)
	for i := 0; i < f.objects; i++ {
		pkt(bandData, bytes.Repeat([]byte{byte(i)}, 512))
		if i%10 == 0 {
			pkt(bandProgress, []byte(fmt.Sprintf("Receiving objects: %d/%d\r", i, f.objects)))
		}
	}
	stream.WriteString("0000")
	return io.NopCloser(&stream), nil
}

// fakeStore checks the pack header against a per-repo object quota.
type fakeStore struct {
	mu       sync.Mutex
	quota    uint32
	refs     map[string]map[string]string
	packSize map[string]int64
}

func newFakeStore(quota uint32) *fakeStore {
	return &fakeStore{quota: quota, refs: map[string]map[string]string{}, packSize: map[string]int64{}}
}

func (s *fakeStore) Refs(ctx context.Context, repo string) (map[string]string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.refs[repo], nil
}

func (s *fakeStore) WritePack(ctx context.Context, repo string, r io.Reader) error {
	hdr := make([]byte, 12)
	if _, err := io.ReadFull(r, hdr); err != nil {
		return fmt.Errorf("read pack header: %w", err)
	}
	if string(hdr[:4]) != "PACK" {
		return errors.New("not a packfile")
	}
	if n := binary.BigEndian.Uint32(hdr[8:]); n > s.quota {
		return fmt.Errorf("pack with %d objects: %w", n, errQuota)
	}
	n, err := io.Copy(io.Discard, r)
	if err != nil {
		return err
	}
	s.mu.Lock()
	s.packSize[repo] = n + int64(len(hdr))
	s.mu.Unlock()
	return nil
}

func (s *fakeStore) UpdateRefs(ctx context.Context, repo string, refs map[string]string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.refs[repo] = refs
	return nil
}

func newTestMirror(t *testing.T, store *fakeStore, tr *fakeTransport) *Mirror {
	t.Helper()
	clk := &fakeClock{now: time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)}
	m, err := New(Config{PerHostLimit: 1, Clock: clk}, tr, store, &fakeTokens{clock: clk})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

var upstream = Remote{Name: "kernel/linux", URL: "https://git.example.org/kernel/linux.git"}

func TestSyncStoreRejectsPack(t *testing.T) {
	defer goleak.VerifyNone(t)

	tr := &fakeTransport{
		refs:    map[string]string{"refs/heads/main": "a1b2c3", "refs/tags/v6.1": "d4e5f6"},
		objects: 40,
	}
	m := newTestMirror(t, newFakeStore(10), tr)

	err := m.Sync(context.Background(), upstream)
	if !errors.Is(err, errQuota) {
		t.Fatalf("Sync error = %v, want %v", err, errQuota)
	}
}

func TestSyncFetchesAfterTokenRefresh(t *testing.T) {
	tr := &fakeTransport{
		refs:    map[string]string{"refs/heads/main": "a1b2c3"},
		objects: 5,
	}
	store := newFakeStore(100)
	m := newTestMirror(t, store, tr)

	if err := m.Sync(context.Background(), upstream); err != nil {
		t.Fatalf("Sync: %v", err)
	}
	if got := store.packSize[upstream.Name]; got != 12+5*512 {
		t.Fatalf("stored pack size %d", got)
	}
	if store.refs[upstream.Name]["refs/heads/main"] != "a1b2c3" {
		t.Fatalf("refs not updated: %v", store.refs[upstream.Name])
	}
	// Second sync is a no-op: nothing to fetch.
	tr.objects = 1000
	if err := m.Sync(context.Background(), upstream); err != nil {
		t.Fatalf("second Sync: %v", err)
	}
}

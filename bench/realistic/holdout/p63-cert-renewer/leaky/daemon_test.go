package renewd

import (
	"context"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type memStore struct {
	mu    sync.Mutex
	certs map[string]Certificate
}

func (s *memStore) Load(domain string) (Certificate, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.certs[domain]
	if !ok {
		return Certificate{}, ErrNotFound
	}
	return c, nil
}

func (s *memStore) Save(c Certificate) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.certs[c.Domain] = c
	return nil
}

type fakeCA struct{ validity time.Duration }

func (ca fakeCA) Issue(ctx context.Context, domain string) (Certificate, error) {
	return Certificate{Domain: domain, NotAfter: time.Now().Add(ca.validity), PEM: []byte("cert")}, nil
}

func TestRenewsExpiringCertificates(t *testing.T) {
	defer goleak.VerifyNone(t)
	now := time.Now()
	store := &memStore{certs: map[string]Certificate{
		"shop.example":  {Domain: "shop.example", NotAfter: now.Add(80 * 24 * time.Hour)},
		"api.example":   {Domain: "api.example", NotAfter: now.Add(3 * 24 * time.Hour)},
		"blog.example":  {Domain: "blog.example", NotAfter: now.Add(60 * 24 * time.Hour)},
		"admin.example": {Domain: "admin.example", NotAfter: now.Add(-time.Hour)},
	}}
	domains := []string{"shop.example", "api.example", "blog.example", "admin.example"}
	d := New(fakeCA{validity: 90 * 24 * time.Hour}, store, domains, WithWorkers(4))
	d.Start(context.Background())

	deadline := time.Now().Add(time.Second)
	for {
		a, _ := store.Load("api.example")
		b, _ := store.Load("admin.example")
		if a.NotAfter.After(now.Add(30*24*time.Hour)) && b.NotAfter.After(now) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("expiring certificates were not renewed")
		}
		time.Sleep(time.Millisecond)
	}
	d.Stop()

	if c, _ := store.Load("shop.example"); !c.NotAfter.Equal(now.Add(80 * 24 * time.Hour)) {
		t.Errorf("shop.example renewed although it is not due")
	}
}

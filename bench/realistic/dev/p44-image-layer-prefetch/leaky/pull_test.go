package pull

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"

	"go.uber.org/goleak"
)

type memRegistry map[string][]byte

func (r memRegistry) Blob(_ context.Context, repo, digest string) ([]byte, error) {
	b, ok := r[repo+"@"+digest]
	if !ok {
		return nil, fmt.Errorf("blob %s@%s: not found", repo, digest)
	}
	return b, nil
}

type recorder struct {
	mu      sync.Mutex
	applied []string
}

func (r *recorder) Apply(l Layer, _ []byte) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.applied = append(r.applied, l.Digest)
	return nil
}

func TestPullRejectsCorruptBaseLayer(t *testing.T) {
	defer goleak.VerifyNone(t)
	reg := memRegistry{}
	m := Manifest{Repo: "library/app", Tag: "1.2"}
	for _, content := range []string{"base rootfs", "runtime deps", "app binary"} {
		blob := []byte(content)
		l := Layer{Digest: Digest(blob), Size: int64(len(blob)), MediaType: "application/vnd.oci.image.layer.v1.tar"}
		m.Layers = append(m.Layers, l)
		reg[m.Repo+"@"+l.Digest] = blob
	}
	reg[m.Repo+"@"+m.Layers[0].Digest] = []byte("base rootfX") // a corrupted cache entry

	dst := &recorder{}
	err := New(reg, 1<<20).Pull(context.Background(), m, dst)
	if !errors.Is(err, ErrDigestMismatch) {
		t.Fatalf("Pull: got %v, want a digest mismatch", err)
	}
	if len(dst.applied) != 0 {
		t.Fatalf("applied %v on top of a corrupt base", dst.applied)
	}
}

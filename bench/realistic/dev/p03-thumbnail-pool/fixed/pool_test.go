package thumbs

import (
	"errors"
	"sync"
	"testing"

	"go.uber.org/goleak"
)

type fakeRenderer struct{}

func (fakeRenderer) Render(img Image) ([]byte, error) {
	if len(img.Data) == 0 {
		return nil, errors.New("empty image " + img.Name)
	}
	return img.Data[:1], nil
}

func TestRenderAllStopsAtFirstError(t *testing.T) {
	defer goleak.VerifyNone(t)
	var mu sync.Mutex
	stored := map[string][]byte{}
	p := NewPool(fakeRenderer{}, 3, func(name string, b []byte) {
		mu.Lock()
		defer mu.Unlock()
		stored[name] = b
	})
	imgs := []Image{{Name: "a.png"}, {Name: "b.png", Data: []byte("x")}, {Name: "c.png"}, {Name: "d.png"}, {Name: "e.png"}, {Name: "f.png"}}
	if err := p.RenderAll(imgs); err == nil {
		t.Fatal("want an error for the empty image")
	}
}

package render

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"go.uber.org/goleak"
)

func TestWriteSiteStopsAtBrokenPage(t *testing.T) {
	defer goleak.VerifyNone(t)

	r, err := New(map[string]string{
		"post": `<h1>{{required "title" .title}}</h1><p>{{.body}}</p>`,
	})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	pages := []Page{
		{Path: "posts/hello.html", Template: "post", Data: map[string]any{"title": "Hello", "body": "first"}},
		{Path: "posts/draft.html", Template: "post", Data: map[string]any{"body": "no title yet"}},
		{Path: "posts/bye.html", Template: "post", Data: map[string]any{"title": "Bye", "body": "last"}},
		{Path: "index.html", Template: "post", Data: map[string]any{"title": "Index"}},
	}
	n, err := WriteSite(context.Background(), r, dir, pages)
	if !errors.Is(err, ErrMissing) {
		t.Fatalf("got %v, want ErrMissing", err)
	}
	if n != 1 {
		t.Fatalf("wrote %d pages, want 1", n)
	}
	if _, err := os.Stat(filepath.Join(dir, "posts", "hello.html")); err != nil {
		t.Fatal(err)
	}
}

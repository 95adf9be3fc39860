package crawler

import (
	"context"
	"errors"
	"sync"
	"testing"

	"go.uber.org/goleak"
)

const testFeed = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd">
  <channel>
    <title>Night Shift Radio</title>
    <itunes:image href="https://cdn.example.net/shows/nsr/cover.jpg"/>
    <item>
      <guid>nsr-101</guid>
      <title>Pilot</title>
      <pubDate>Mon, 01 Apr 2024 06:00:00 GMT</pubDate>
      <enclosure url="https://media.example.net/nsr/101.mp3" type="audio/mpeg"/>
      <itunes:image href="https://cdn.example.net/shows/nsr/101.png"/>
    </item>
    <item>
      <guid>nsr-102</guid>
      <title>Second Watch</title>
      <enclosure url="https://media.example.net/nsr/102.mp3" type="audio/mpeg"/>
    </item>
    <item>
      <guid>nsr-101</guid>
      <title>Pilot (re-upload)</title>
      <enclosure url="https://media.example.net/nsr/101b.mp3" type="audio/mpeg"/>
    </item>
  </channel>
</rss>`

type fakeWeb struct {
	mu    sync.Mutex
	pages map[string]*Response
	hits  []string
}

func (w *fakeWeb) Get(ctx context.Context, rawURL string) (*Response, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.hits = append(w.hits, rawURL)
	r, ok := w.pages[rawURL]
	if !ok {
		return &Response{Status: 404, ContentType: "text/html"}, nil
	}
	return r, nil
}

type memEpisodes struct {
	mu    sync.Mutex
	known map[string]Episode
}

func (m *memEpisodes) Known(ctx context.Context, feedURL, guid string) (bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	_, ok := m.known[feedURL+"#"+guid]
	return ok, nil
}

func (m *memEpisodes) SaveEpisode(ctx context.Context, ep Episode) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.known[ep.Feed+"#"+ep.GUID] = ep
	return nil
}

type memArtwork struct {
	mu   sync.Mutex
	keys map[string]string
}

func (m *memArtwork) PutArtwork(ctx context.Context, key, contentType string, data []byte) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.keys[key] = contentType
	return nil
}

func TestCrawlThenShutdown(t *testing.T) {
	defer goleak.VerifyNone(t)

	const feedURL = "https://feeds.example.org/nsr.xml"
	web := &fakeWeb{pages: map[string]*Response{
		feedURL: {Status: 200, ContentType: "application/rss+xml", Body: []byte(testFeed)},
		"https://cdn.example.net/shows/nsr/cover.jpg": {Status: 200, ContentType: "image/jpeg", Body: []byte("\xff\xd8jpeg")},
		"https://cdn.example.net/shows/nsr/101.png":   {Status: 200, ContentType: "image/png", Body: []byte("\x89PNG")},
	}}
	eps := &memEpisodes{known: map[string]Episode{}}
	art := &memArtwork{keys: map[string]string{}}
	c := New(web, eps, art, Options{HostBurst: 8})

	rep, err := c.CrawlFeed(context.Background(), feedURL)
	if err != nil {
		t.Fatalf("CrawlFeed: %v", err)
	}
	if rep.NewEpisodes != 2 || rep.Artwork != 2 || len(rep.Errors) != 0 {
		t.Fatalf("report = %+v; want 2 new episodes, 2 artworks, no errors", rep)
	}
	if len(art.keys) != 2 {
		t.Fatalf("stored %d artworks, want 2", len(art.keys))
	}
	if n := len(web.hits); n != 3 {
		t.Fatalf("made %d requests, want 3 (feed + 2 images)", n)
	}

	if err := c.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if _, err := c.CrawlFeed(context.Background(), feedURL); !errors.Is(err, ErrClosed) {
		t.Fatalf("CrawlFeed after Close: got %v, want ErrClosed", err)
	}
}

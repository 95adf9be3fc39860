package podcast

import (
	"context"
	"errors"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

const feedXML = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd">
  <channel>
    <title>Distributed Diaries</title>
    <item>
      <guid>dd-041</guid>
      <title>Consensus without tears</title>
      <pubDate>Tue, 05 Mar 2024 06:00:00 +0000</pubDate>
      <enclosure url="https://cdn.example.com/dd/041.mp3" type="audio/mpeg"/>
      <itunes:duration>52:10</itunes:duration>
    </item>
    <item>
      <guid>dd-042</guid>
      <title>Clocks are lies</title>
      <pubDate>Tue, 12 Mar 2024 06:00:00 +0000</pubDate>
      <enclosure url="https://cdn.example.com/dd/042.mp3" type="audio/mpeg"/>
      <itunes:duration>1:02:33</itunes:duration>
    </item>
    <item>
      <guid>dd-bonus</guid>
      <title>Listener mail (text only)</title>
    </item>
  </channel>
</rss>
`

type fakeFetcher struct{}

func (fakeFetcher) Fetch(_ context.Context, _, _ string) (*Response, error) {
	return &Response{Body: io.NopCloser(strings.NewReader(feedXML)), ETag: `"v7"`}, nil
}

type memState struct {
	mu    sync.Mutex
	feeds map[string]FeedState
}

func (m *memState) Get(_ context.Context, url string) (FeedState, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	st, ok := m.feeds[url]
	if !ok {
		return FeedState{}, ErrNotFound
	}
	return st, nil
}

func (m *memState) Put(_ context.Context, url string, st FeedState) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.feeds[url] = st
	return nil
}

var errReadOnly = errors.New("index blocked: read-only-allow-delete")

// readOnlyIndex behaves like a cluster that rejects writes up front, before
// looking at the request body.
type readOnlyIndex struct {
	mu    sync.Mutex
	calls int
}

func (ix *readOnlyIndex) Bulk(context.Context, io.Reader) error {
	ix.mu.Lock()
	ix.calls++
	ix.mu.Unlock()
	return errReadOnly
}

type fixedClock struct{ t time.Time }

func (c fixedClock) Now() time.Time { return c.t }

func TestPollIndexRejectsBulk(t *testing.T) {
	defer goleak.VerifyNone(t)

	const url = "https://feeds.example.com/dd.xml"
	state := &memState{feeds: map[string]FeedState{}}
	index := &readOnlyIndex{}
	ix, err := New(Config{
		Fetcher: fakeFetcher{},
		State:   state,
		Index:   index,
		Clock:   fixedClock{time.Date(2024, 3, 13, 9, 0, 0, 0, time.UTC)},
	})
	if err != nil {
		t.Fatalf("New: %v", err)
	}

	_, err = ix.Poll(context.Background(), url)
	if !errors.Is(err, errReadOnly) {
		t.Fatalf("Poll: got %v, want errReadOnly", err)
	}
	if index.calls != 1 {
		t.Fatalf("Bulk called %d times, want 1", index.calls)
	}
	if _, err := state.Get(context.Background(), url); !errors.Is(err, ErrNotFound) {
		t.Fatalf("state was saved after a failed push: %v", err)
	}
}

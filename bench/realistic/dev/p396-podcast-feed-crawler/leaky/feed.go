package crawler

import (
	"bytes"
	"context"
	"crypto/sha1"
	"encoding/hex"
	"encoding/xml"
	"fmt"
	"path"
	"sort"
	"strings"
)

// Episode is one item of a podcast feed.
type Episode struct {
	Feed     string
	GUID     string
	Title    string
	AudioURL string
	Image    string
	PubDate  string
}

type channel struct {
	Title    string
	Image    string
	Episodes []Episode
}

type rssDoc struct {
	Channel struct {
		Title   string   `xml:"title"`
		Images  []rssImg `xml:"image"`
		Entries []struct {
			GUID      string   `xml:"guid"`
			Title     string   `xml:"title"`
			PubDate   string   `xml:"pubDate"`
			Images    []rssImg `xml:"image"`
			Enclosure struct {
				URL string `xml:"url,attr"`
			} `xml:"enclosure"`
		} `xml:"item"`
	} `xml:"channel"`
}

// rssImg matches both <itunes:image href="..."/> and the plain RSS
// <image><url>...</url></image>.
type rssImg struct {
	Href string `xml:"href,attr"`
	URL  string `xml:"url"`
}

// pickImage prefers the iTunes artwork, which is usually larger.
func pickImage(imgs []rssImg) string {
	for _, im := range imgs {
		if h := strings.TrimSpace(im.Href); h != "" {
			return h
		}
	}
	for _, im := range imgs {
		if u := strings.TrimSpace(im.URL); u != "" {
			return u
		}
	}
	return ""
}

func parseFeed(body []byte) (channel, error) {
	var doc rssDoc
	dec := xml.NewDecoder(bytes.NewReader(body))
	dec.Strict = false
	if err := dec.Decode(&doc); err != nil {
		return channel{}, fmt.Errorf("decode rss: %w", err)
	}
	ch := channel{Title: strings.TrimSpace(doc.Channel.Title), Image: pickImage(doc.Channel.Images)}
	for _, it := range doc.Channel.Entries {
		ep := Episode{
			GUID:     strings.TrimSpace(it.GUID),
			Title:    strings.TrimSpace(it.Title),
			AudioURL: strings.TrimSpace(it.Enclosure.URL),
			Image:    pickImage(it.Images),
			PubDate:  it.PubDate,
		}
		if ep.GUID == "" {
			// Many hosts omit guid; the enclosure URL is the next best key.
			ep.GUID = ep.AudioURL
		}
		if ep.GUID == "" {
			continue
		}
		ch.Episodes = append(ch.Episodes, ep)
	}
	return ch, nil
}

// dedupe drops repeated GUIDs, which feeds produce surprisingly often when
// an episode is re-published; the first occurrence wins.
func dedupe(eps []Episode) []Episode {
	seen := make(map[string]bool, len(eps))
	out := eps[:0:0]
	for _, ep := range eps {
		if seen[ep.GUID] {
			continue
		}
		seen[ep.GUID] = true
		out = append(out, ep)
	}
	return out
}

// mirrorArtwork fetches one image and stores it under a content-independent
// key derived from its URL.
func (c *Crawler) mirrorArtwork(ctx context.Context, imgURL string) error {
	resp, err := c.get(ctx, imgURL)
	if err != nil {
		return fmt.Errorf("artwork %s: %w", imgURL, err)
	}
	if resp.Status != 200 {
		return fmt.Errorf("artwork %s: status %d", imgURL, resp.Status)
	}
	if !strings.HasPrefix(resp.ContentType, "image/") {
		return fmt.Errorf("artwork %s: unexpected content type %q", imgURL, resp.ContentType)
	}
	if len(resp.Body) > c.opts.MaxArtworkBytes {
		return fmt.Errorf("artwork %s: %d bytes exceeds limit", imgURL, len(resp.Body))
	}
	sum := sha1.Sum([]byte(imgURL))
	key := hex.EncodeToString(sum[:]) + path.Ext(imgURL)
	if err := c.artwork.PutArtwork(ctx, key, resp.ContentType, resp.Body); err != nil {
		return fmt.Errorf("store artwork %s: %w", imgURL, err)
	}
	return nil
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

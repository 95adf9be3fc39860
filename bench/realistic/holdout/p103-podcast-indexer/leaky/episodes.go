package podcast

import (
	"context"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"time"
)

// ErrUnsupportedFormat is returned for documents that are not RSS 2.0.
var ErrUnsupportedFormat = errors.New("podcast: unsupported feed format")

// Episode is a single indexed podcast episode.
type Episode struct {
	GUID      string        `json:"guid"`
	Feed      string        `json:"feed"`
	Show      string        `json:"show"`
	Title     string        `json:"title"`
	Summary   string        `json:"summary,omitempty"`
	AudioURL  string        `json:"audio_url"`
	Published time.Time     `json:"published"`
	Duration  time.Duration `json:"duration_ns,omitempty"`
}

type rssDoc struct {
	Channel struct {
		Title string    `xml:"title"`
		Items []rssItem `xml:"item"`
	} `xml:"channel"`
}

type rssItem struct {
	GUID        string `xml:"guid"`
	Title       string `xml:"title"`
	Description string `xml:"description"`
	PubDate     string `xml:"pubDate"`
	Enclosure   struct {
		URL  string `xml:"url,attr"`
		Type string `xml:"type,attr"`
	} `xml:"enclosure"`
	Duration string `xml:"http://www.itunes.com/dtds/podcast-1.0.dtd duration"`
}

// decodeRSS decodes an RSS 2.0 document, rejecting other root elements
// such as Atom's <feed>.
func decodeRSS(r io.Reader) (*rssDoc, error) {
	dec := xml.NewDecoder(r)
	for {
		tok, err := dec.Token()
		if err != nil {
			return nil, fmt.Errorf("reading root element: %w", err)
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		if se.Name.Local != "rss" {
			return nil, fmt.Errorf("%w: root element <%s>", ErrUnsupportedFormat, se.Name.Local)
		}
		var doc rssDoc
		if err := dec.DecodeElement(&doc, &se); err != nil {
			return nil, fmt.Errorf("decoding rss: %w", err)
		}
		return &doc, nil
	}
}

var pubDateLayouts = []string{
	time.RFC1123Z,
	time.RFC1123,
	"Mon, 2 Jan 2006 15:04:05 -0700",
	"2 Jan 2006 15:04:05 -0700",
	time.RFC3339,
}

func parsePubDate(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	for _, layout := range pubDateLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), true
		}
	}
	return time.Time{}, false
}

// parseDuration understands the itunes:duration forms "SS", "MM:SS" and
// "HH:MM:SS".
func parseDuration(s string) time.Duration {
	var total int
	for _, part := range strings.Split(strings.TrimSpace(s), ":") {
		n, err := strconv.Atoi(part)
		if err != nil || n < 0 {
			return 0
		}
		total = total*60 + n
	}
	return time.Duration(total) * time.Second
}

// episodes converts the document's items, newest first, skipping items
// without audio. At most limit episodes are returned.
func (d *rssDoc) episodes(feedURL string, limit int) []Episode {
	eps := make([]Episode, 0, len(d.Channel.Items))
	for _, it := range d.Channel.Items {
		if it.Enclosure.URL == "" {
			continue
		}
		ep := Episode{
			GUID:     strings.TrimSpace(it.GUID),
			Feed:     feedURL,
			Show:     strings.TrimSpace(d.Channel.Title),
			Title:    strings.TrimSpace(it.Title),
			Summary:  strings.TrimSpace(it.Description),
			AudioURL: it.Enclosure.URL,
			Duration: parseDuration(it.Duration),
		}
		if ep.GUID == "" {
			ep.GUID = ep.AudioURL
		}
		ep.Published, _ = parsePubDate(it.PubDate)
		eps = append(eps, ep)
	}
	sort.SliceStable(eps, func(i, j int) bool { return eps[i].Published.After(eps[j].Published) })
	if len(eps) > limit {
		eps = eps[:limit]
	}
	return eps
}

type bulkAction struct {
	Index struct {
		Name string `json:"_index"`
		ID   string `json:"_id"`
	} `json:"index"`
}

// pushEpisodes streams eps to the search index as a bulk request without
// materialising the whole body in memory.
func (ix *Indexer) pushEpisodes(ctx context.Context, eps []Episode) error {
	if len(eps) == 0 {
		return nil
	}
	pr, pw := io.Pipe()
	go func() {
		pw.CloseWithError(writeBulk(pw, ix.cfg.IndexName, eps))
	}()
	if err := ix.cfg.Index.Bulk(ctx, pr); err != nil {
		return fmt.Errorf("bulk upsert of %d episodes: %w", len(eps), err)
	}
	return nil
}

// writeBulk writes one action line and one document line per episode.
func writeBulk(w io.Writer, index string, eps []Episode) error {
	enc := json.NewEncoder(w)
	for _, ep := range eps {
		var action bulkAction
		action.Index.Name = index
		action.Index.ID = ep.GUID
		if err := enc.Encode(action); err != nil { // leak: bulk reader returned without reading or closing the pipe
			return fmt.Errorf("encoding action for %s: %w", ep.GUID, err)
		}
		if err := enc.Encode(ep); err != nil {
			return fmt.Errorf("encoding episode %s: %w", ep.GUID, err)
		}
	}
	return nil
}

package typeset

import (
	"context"
	"fmt"
	"strings"
)

// Chapter is a titled run of paragraphs. A chapter with no paragraphs
// (a part divider, say) is set as a title-only page.
type Chapter struct {
	Title      string
	Paragraphs []string
}

// Empty reports whether the chapter has no body text.
func (c Chapter) Empty() bool {
	for _, p := range c.Paragraphs {
		if strings.TrimSpace(p) != "" {
			return false
		}
	}
	return true
}

// Document is the manuscript handed to the pipeline.
type Document struct {
	Title    string
	Chapters []Chapter
}

// Line is one set line of text.
type Line struct {
	Words []string
	Width float64 // natural width in points
	Slack float64 // measure minus natural width
	Last  bool    // last line of a paragraph (set ragged, not justified)
}

func (l Line) String() string { return strings.Join(l.Words, " ") }

// Page is one page of set lines.
type Page struct {
	Number  int
	Chapter string
	Lines   []Line
}

// layoutChapter breaks the chapter's paragraphs into lines no wider than
// measure and flows them onto pages of at most linesPerPage lines.
func layoutChapter(ctx context.Context, sess Session, ch Chapter, measure float64, linesPerPage int) ([]Page, error) {
	space, err := sess.Advance(" ")
	if err != nil {
		return nil, err
	}
	var lines []Line
	for i, para := range ch.Paragraphs {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		pl, err := breakParagraph(sess, para, measure, space)
		if err != nil {
			return nil, fmt.Errorf("paragraph %d: %w", i+1, err)
		}
		lines = append(lines, pl...)
	}

	var pages []Page
	for len(lines) > 0 {
		n := linesPerPage
		if n > len(lines) {
			n = len(lines)
		}
		pages = append(pages, Page{Chapter: ch.Title, Lines: lines[:n]})
		lines = lines[n:]
	}
	return pages, nil
}

// breakParagraph performs greedy (first-fit) line breaking.
func breakParagraph(sess Session, para string, measure, space float64) ([]Line, error) {
	words := strings.Fields(para)
	if len(words) == 0 {
		return nil, nil
	}
	var (
		lines []Line
		cur   Line
	)
	for _, w := range words {
		adv, err := sess.Advance(w)
		if err != nil {
			return nil, err
		}
		if adv > measure {
			return nil, fmt.Errorf("word %q (%.1fpt) wider than measure %.1fpt", w, adv, measure)
		}
		width := adv
		if len(cur.Words) > 0 {
			width += space
		}
		if len(cur.Words) > 0 && cur.Width+width > measure {
			cur.Slack = measure - cur.Width
			lines = append(lines, cur)
			cur = Line{}
			width = adv
		}
		cur.Words = append(cur.Words, w)
		cur.Width += width
	}
	cur.Slack = measure - cur.Width
	cur.Last = true
	return append(lines, cur), nil
}

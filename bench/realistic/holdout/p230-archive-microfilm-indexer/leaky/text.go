package microfilm

import (
	"sort"
	"strconv"
	"strings"
	"unicode"
)

var defaultStopWords = []string{
	"the", "and", "for", "with", "from", "that", "this", "was", "were", "are",
	"his", "her", "its", "their", "which", "has", "have", "had", "not", "but",
	"page", "vol", "continued",
}

// title picks the first line that reads like a heading: at least three
// letters and not just a page number.
func title(text string) string {
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		letters := 0
		for _, r := range line {
			if unicode.IsLetter(r) {
				letters++
			}
		}
		if letters >= 3 {
			if len(line) > 120 {
				line = strings.TrimSpace(line[:120]) + "…"
			}
			return line
		}
	}
	return ""
}

// year returns the first plausible four-digit year in the text, or zero.
func year(text string) int {
	for _, tok := range strings.FieldsFunc(text, func(r rune) bool { return !unicode.IsDigit(r) }) {
		if len(tok) != 4 {
			continue
		}
		y, err := strconv.Atoi(tok)
		if err == nil && y >= 1600 && y <= 2100 {
			return y
		}
	}
	return 0
}

// keywords returns up to max distinct terms, most frequent first.
func keywords(text string, stop map[string]struct{}, max int) []string {
	counts := make(map[string]int)
	for _, tok := range strings.FieldsFunc(text, func(r rune) bool { return !unicode.IsLetter(r) }) {
		tok = strings.ToLower(tok)
		if len([]rune(tok)) < 3 {
			continue
		}
		if _, skip := stop[tok]; skip {
			continue
		}
		counts[tok]++
	}
	terms := make([]string, 0, len(counts))
	for t := range counts {
		terms = append(terms, t)
	}
	sort.Slice(terms, func(i, j int) bool {
		if counts[terms[i]] != counts[terms[j]] {
			return counts[terms[i]] > counts[terms[j]]
		}
		return terms[i] < terms[j]
	})
	if len(terms) > max {
		terms = terms[:max]
	}
	return terms
}

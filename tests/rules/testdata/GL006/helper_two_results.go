package helpertworesults

import (
	"bufio"
	"strings"
)

// run: _ = FirstComment("a\n# note\nb\nc\n")

// scan streams the lines of text; the error channel gets the scanner's error at the end.
func scan(text string) (<-chan string, <-chan error) {
	lines := make(chan string)
	errc := make(chan error, 1)
	go func() {
		defer close(lines)
		sc := bufio.NewScanner(strings.NewReader(text))
		for sc.Scan() {
			lines <- sc.Text() // want "goroutine blocks forever sending on `lines` \(`rows`\) once `FirstComment` stops consuming"
		}
		errc <- sc.Err()
	}()
	return lines, errc
}

// FirstComment returns the first line starting with '#'.
func FirstComment(text string) string {
	rows, errc := scan(text)
	for r := range rows {
		if strings.HasPrefix(r, "#") {
			return r
		}
	}
	if err := <-errc; err != nil {
		return ""
	}
	return ""
}

package pipescannedtoend

import (
	"bufio"
	"fmt"
	"io"
	"strings"
)

// Matches scans every line the goroutine writes: the loop ends only at the end
// of the pipe, once the writer has closed it.
func Matches(lines []string, want string) []string {
	pr, pw := io.Pipe()
	go func() {
		defer pw.Close()
		for _, l := range lines {
			fmt.Fprintln(pw, l)
		}
	}()
	var found []string
	sc := bufio.NewScanner(pr)
	for sc.Scan() {
		if strings.Contains(sc.Text(), want) {
			found = append(found, sc.Text())
		}
	}
	return found
}

// FirstMatch returns at the first match, and closes its end on the way out.
func FirstMatch(lines []string, want string) string {
	pr, pw := io.Pipe()
	defer pr.Close()
	go func() {
		defer pw.Close()
		for _, l := range lines {
			fmt.Fprintln(pw, l)
		}
	}()
	sc := bufio.NewScanner(pr)
	for sc.Scan() {
		if strings.Contains(sc.Text(), want) {
			return sc.Text()
		}
	}
	return ""
}

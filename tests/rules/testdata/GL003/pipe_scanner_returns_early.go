package pipescanner

import (
	"bufio"
	"fmt"
	"io"
	"strings"
)

// run: _ = FirstMatch([]string{"a", "b", "c"}, "a")

// FirstMatch scans the lines a goroutine writes into a pipe, and returns at the
// first match without closing its end: the writer waits on its next line forever.
func FirstMatch(lines []string, want string) string {
	pr, pw := io.Pipe()
	go func() {
		defer pw.Close()
		for _, l := range lines {
			fmt.Fprintln(pw, l) // want "goroutine blocks forever writing `pw` when `FirstMatch` returns at line 25 without reading or closing `pr`"
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

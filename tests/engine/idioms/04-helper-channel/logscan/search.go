package logscan

import "strings"

// FirstError returns the first line that reports an error, and its line number.
func FirstError(r *strings.Reader) (string, int) {
	n := 0
	for line := range lines(r) {
		n++
		if strings.HasPrefix(line, "ERROR") {
			return line, n
		}
	}
	return "", 0
}

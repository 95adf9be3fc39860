package fixed_logscan

import "strings"

// FirstError returns the first line that reports an error, and its line number.
func FirstError(r *strings.Reader) (string, int) {
	done := make(chan struct{})
	defer close(done) // stop the scanner when we return before the end of the input
	n := 0
	for line := range lines(done, r) {
		n++
		if strings.HasPrefix(line, "ERROR") {
			return line, n
		}
	}
	return "", 0
}

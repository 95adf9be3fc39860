package multifile

import "strings"

func consume(in chan string) {
	s := <-in
	_ = strings.ToUpper(s)
}

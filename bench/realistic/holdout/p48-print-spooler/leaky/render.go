package spool

import (
	"fmt"
	"io"
	"strings"
)

const (
	escReset  = "\x1bE"
	pjlHeader = "\x1b%%-12345X@PJL JOB NAME=%q\r\n@PJL ENTER LANGUAGE=PCL\r\n"
	pjlFooter = "\x1b%-12345X@PJL EOJ\r\n"
)

// render streams j to w as a PJL-wrapped PCL job, one form feed per page,
// and closes w when done, passing on any write error.
func render(w *io.PipeWriter, j *Job) {
	chunks := []string{fmt.Sprintf(pjlHeader, j.Title) + escReset}
	for _, p := range j.Pages {
		chunks = append(chunks, strings.ReplaceAll(p, "\n", "\r\n")+"\f")
	}
	chunks = append(chunks, escReset+pjlFooter)

	var err error
	for _, c := range chunks {
		if _, err = io.WriteString(w, c); err != nil { // leak: when the printer fails, print returns without closing the read end, so this write waits forever for a reader
			break
		}
	}
	w.CloseWithError(err)
}

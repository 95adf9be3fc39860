"""FINAL_SEND_FITS_BUFFER (analysis/leaks.final_sends_fit, read by GL007's pipeline
shape): a stage whose error channel has a buffer of one and whose every send on it is
followed by its `return` sends once, however many loops surround the sends: that send
never blocks. Found on real code (etcd's `purgeFile` and mirror `SyncBase`, both
reported at their buffered error send) and in the blind corpus's dev program p42, whose
fixed twin was reported at its error send."""

from goleash.engine import analyze_source

STAGE = b"""package scan

import "context"

type Page struct {
	Rows []string
	Next string
}

func scan(ctx context.Context, list func(string) (Page, error)) (<-chan string, <-chan error) {
	rows := make(chan string)
	errc := make(chan error, 1)
	go func() {
		defer close(rows)
		cursor := ""
		for {
			page, err := list(cursor)
			if err != nil {
				errc <- err
				return
			}
			for _, r := range page.Rows {
				select {
				case rows <- r:
				case <-ctx.Done():
					errc <- ctx.Err()
					return
				}
			}
			if page.Next == "" {
				errc <- nil
				return
			}
			cursor = page.Next
		}
	}()
	return rows, errc
}
"""

# The row send ignores ctx: the stage blocks there once the consumer stops reading.
ROWS_IGNORE_CTX = STAGE.replace(
    b"\t\t\t\tselect {\n\t\t\t\tcase rows <- r:\n\t\t\t\tcase <-ctx.Done():\n"
    b"\t\t\t\t\terrc <- ctx.Err()\n\t\t\t\t\treturn\n\t\t\t\t}\n",
    b"\t\t\t\trows <- r\n",
)

# An error send that does not end the goroutine may send again: the buffer of one
# no longer covers it.
SENDS_AND_GOES_ON = STAGE.replace(
    b"\t\t\t\terrc <- err\n\t\t\t\treturn\n", b"\t\t\t\terrc <- err\n\t\t\t\tcontinue\n"
)


def _pipeline(source: bytes):
    return [f for f in analyze_source(source, "scan.go").findings if f.code == "GL007"]


def test_buffered_error_sends_that_end_the_stage_are_silent():
    assert _pipeline(STAGE) == []


def test_the_row_send_that_ignores_ctx_is_still_reported_at_the_row_send():
    assert ROWS_IGNORE_CTX != STAGE
    found = _pipeline(ROWS_IGNORE_CTX)
    assert [(f.span.start.row + 1, "sending on `rows`" in f.message) for f in found] == [(23, True)]


def test_an_error_send_that_goes_round_again_is_reported():
    assert SENDS_AND_GOES_ON != STAGE
    found = _pipeline(SENDS_AND_GOES_ON)
    assert [(f.span.start.row + 1, "sending on `errc`" in f.message) for f in found] == [(19, True)]

"""Slices of channels (CHANNEL_SLICE in values.py and identities.py): one unbuffered
channel per item, `chans[i] = make(chan T)`, each sent on once by the item's goroutine
and received in order by the starter, counted as one channel with as many values. A
starter that returns at the first bad item strands the goroutines of the items after
it (blind corpus p44, proved under goleak); the near misses stay silent, one of them
found on real code (testify's test ranging over each element until its goroutine
closes it)."""

from goleash.engine import analyze_source

ORDERED = b"""package pages

import "errors"

type page struct {
	body string
	err  error
}

func fetch(url string) (string, error) {
	if url == "" {
		return "", errors.New("empty url")
	}
	return "<html>" + url, nil
}

func FetchAll(urls []string) ([]string, error) {
	results := make([]chan page, len(urls))
	for i, u := range urls {
		results[i] = make(chan page)
		go func(i int, u string) {
			body, err := fetch(u)
			results[i] <- page{body: body, err: err}
		}(i, u)
	}
	var out []string
	for i := range urls {
		p := <-results[i]
		if p.err != nil {
			return nil, p.err
		}
		out = append(out, p.body)
	}
	return out, nil
}
"""

# Each element ranged over, each goroutine handed its own channel.
RANGED = ORDERED.replace(
    b"\t\tgo func(i int, u string) {\n\t\t\tbody, err := fetch(u)\n"
    b"\t\t\tresults[i] <- page{body: body, err: err}\n\t\t}(i, u)\n",
    b"\t\tgo func(u string, out chan<- page) {\n\t\t\tbody, err := fetch(u)\n"
    b"\t\t\tout <- page{body: body, err: err}\n\t\t}(u, results[i])\n",
).replace(
    b"\tfor i := range urls {\n\t\tp := <-results[i]\n",
    b"\tfor _, ch := range results {\n\t\tp := <-ch\n",
)

BUFFERED = ORDERED.replace(b"results[i] = make(chan page)", b"results[i] = make(chan page, 1)")

# The collector takes every value, keeping the first error for after the loop.
COLLECTS_ALL = ORDERED.replace(
    b"\t\tif p.err != nil {\n\t\t\treturn nil, p.err\n\t\t}\n",
    b"\t\tif p.err != nil {\n\t\t\tcontinue\n\t\t}\n",
)

# testify's shape: each goroutine closes its channel, the starter ranges over each.
CLOSED_EACH = b"""package diffs

func diff(a, b string) string { return a + b }

func All(a, b string, n int) []string {
	chans := make([]chan string, n)
	for i := range chans {
		chans[i] = make(chan string)
		go func(ch chan string) {
			defer close(ch)
			ch <- diff(a, b)
		}(chans[i])
	}
	var out []string
	for _, ch := range chans {
		for msg := range ch {
			out = append(out, msg)
		}
	}
	return out
}
"""


def _found(source: bytes, name: str = "pages.go"):
    return [(f.code, f.span.start.row + 1) for f in analyze_source(source, name).findings]


def test_an_ordered_collector_returning_early_strands_the_later_senders():
    findings = analyze_source(ORDERED, "pages.go").findings
    assert [(f.code, f.span.start.row + 1) for f in findings] == [("GL005", 23)]
    f = findings[0]
    assert (
        "blocks sending on `results[i]` once the collecting loop at line 27 returns early"
        in f.message
    )
    assert "`results[i]` is made here, unbuffered" in [r.message for r in f.related]
    assert [x.title for x in f.fixes] == ["Give `results[i]` a buffer of 1"]


def test_each_element_handed_to_its_goroutine_and_ranged_over_is_the_same_leak():
    assert RANGED != ORDERED
    assert _found(RANGED) == [("GL005", 23)]


def test_a_buffer_per_element_or_a_collector_taking_all_is_silent():
    for source in (BUFFERED, COLLECTS_ALL):
        assert source != ORDERED
        assert _found(source) == []


def test_each_element_closed_by_its_goroutine_and_drained_is_silent():
    assert _found(CLOSED_EACH, "diffs.go") == []

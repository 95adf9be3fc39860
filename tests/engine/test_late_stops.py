"""A stop deferred after a way out (analysis/late_stops.py, reported by GL010): the leaky
shapes and their twins are the fixtures `GL010/stop_deferred_late*.go` and
`GL010/pipe_stop_deferred_late.go`, proved under goleak; here, how the fix that moves
the `defer` up judges what lies between the two places."""

from goleash.engine import analyze_source
from goleash.model import Applicability

POLLER = b"""package poller

import "time"

type Poller struct{ done chan struct{} }

func NewPoller() *Poller {
	p := &Poller{done: make(chan struct{})}
	go p.loop()
	return p
}

func (p *Poller) loop() {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		select {
		case <-p.done:
			return
		case <-t.C:
		}
	}
}

func (p *Poller) Close() { close(p.done) }
"""


def _watch(between: str, deferred: str = "defer p.Close()") -> bytes:
    return (
        POLLER
        + (
            "\nfunc Watch(target string, log func(string)) error {\n"
            "\tp := NewPoller()\n"
            f"{between}"
            '\tif target == "" {\n'
            "\t\treturn nil\n"
            "\t}\n"
            f"\t{deferred}\n"
            "\treturn nil\n"
            "}\n"
        ).encode()
    )


def _fixes(source: bytes):
    findings = [f for f in analyze_source(source).findings if f.code == "GL010"]
    assert len(findings) == 1, findings
    return findings[0].fixes


def test_the_defer_moves_up_safely_when_nothing_defers_in_between():
    (fix,) = _fixes(_watch(""))
    assert fix.applicability is Applicability.SAFE
    assert "Move the `defer` up" in fix.title


def test_moving_past_another_defer_is_unsafe():
    (fix,) = _fixes(_watch('\tdefer log("done")\n'))
    assert fix.applicability is Applicability.UNSAFE  # the two deferred calls swap order


def test_a_deferred_call_reading_a_name_declared_in_between_is_not_moved():
    source = _watch('\tname := target + ".log"\n', "defer func() { p.Close(); log(name) }()")
    assert _fixes(source) == ()

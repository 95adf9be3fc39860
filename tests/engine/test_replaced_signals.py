"""Replaced signal channels (analysis/replaced_signals.py, reported by GL003): a method
puts a fresh channel in a struct field the package only closes, while a goroutine may
still wait on the old one. The leaky shapes and their twins are idioms
(`idioms/14-replaced-signal`) proved under goleak; here, the near misses each guard
keeps silent, one of them found on real code (etcd's rafthttp `Resume`)."""

from goleash.engine import analyze_source

POLLER = b"""package poll

import "time"

type Poller struct {
	quit chan struct{}
}

func NewPoller(d time.Duration) *Poller {
	p := &Poller{}
	p.SetInterval(d)
	return p
}

func (p *Poller) SetInterval(d time.Duration) {
	p.quit = make(chan struct{})
	go p.loop(d, p.quit)
}

func (p *Poller) loop(d time.Duration, quit <-chan struct{}) {
	t := time.NewTicker(d)
	defer t.Stop()
	for {
		select {
		case <-quit:
			return
		case <-t.C:
		}
	}
}

func (p *Poller) Close() { close(p.quit) }
"""

# CLOSED_FIRST: the old channel is closed (when there is one) before the new one.
CLOSED_FIRST = POLLER.replace(
    b"\tp.quit = make(chan struct{})\n",
    b"\tif p.quit != nil {\n\t\tclose(p.quit)\n\t}\n\tp.quit = make(chan struct{})\n",
)

# CLOSED_FIRST through a method that closes it.
STOPPED_FIRST = POLLER.replace(
    b"\tp.quit = make(chan struct{})\n",
    b"\tif p.quit != nil {\n\t\tp.Close()\n\t}\n\tp.quit = make(chan struct{})\n",
)

# SAVED_BEFORE_REPLACE: the old channel is kept and closed afterwards.
SAVED_FIRST = POLLER.replace(
    b"\tp.quit = make(chan struct{})\n\tgo p.loop(d, p.quit)\n",
    b"\told := p.quit\n\tp.quit = make(chan struct{})\n\tgo p.loop(d, p.quit)\n"
    b"\tif old != nil {\n\t\tclose(old)\n\t}\n",
)

# RUN_AGAIN_OFF_LIFECYCLE: etcd's shape; `start` runs again only from `resume`, after
# `pause` stopped it.
PIPELINE = b"""package peer

type pipeline struct {
	stopc chan struct{}
}

func newPipeline() *pipeline {
	p := &pipeline{}
	p.start()
	return p
}

func (p *pipeline) start() {
	p.stopc = make(chan struct{})
	go p.handle()
}

func (p *pipeline) handle() {
	<-p.stopc
}

func (p *pipeline) pause()  { close(p.stopc) }
func (p *pipeline) resume() { p.start() }
"""

# The same `start` run again from an ordinary method: a second handler, the first stranded.
REDIAL = PIPELINE.replace(b"resume", b"redial")

# RE_READ_EACH_ROUND: a loop waiting on the field itself waits on the new channel next.
RE_READ = POLLER.replace(b"\tgo p.loop(d, p.quit)\n", b"\tgo p.loop(d, nil)\n").replace(
    b"\t\tcase <-quit:\n", b"\t\tcase <-p.quit:\n"
)


def _replaced(source: bytes, name: str = "poll.go"):
    return [
        f
        for f in analyze_source(source, name).findings
        if f.code == "GL003" and "without closing the old channel" in f.message
    ]


def test_an_exported_method_replacing_its_stop_channel_is_reported_at_the_wait():
    found = _replaced(POLLER)
    assert [(f.span.start.row + 1, f.span.start.column) for f in found] == [(24, 2)]
    f = found[0]
    assert "once `SetInterval` runs again: it replaces `p.quit` at line 16" in f.message
    assert [r.message for r in f.related][-2:] == [
        "a new channel replaces the old one here, which is never closed",
        "the constructor runs `SetInterval` here first; callers run it again",
    ]
    assert [x.title for x in f.fixes] == ["Close the old `p.quit` before replacing it"]


def test_a_replacement_after_closing_the_old_channel_is_silent():
    for source in (CLOSED_FIRST, STOPPED_FIRST, SAVED_FIRST):
        assert source != POLLER
        assert _replaced(source) == []


def test_a_restart_from_a_lifecycle_method_is_the_callers_contract():
    assert _replaced(PIPELINE, "peer.go") == []
    found = _replaced(REDIAL, "peer.go")
    assert [f.span.start.row + 1 for f in found] == [19]
    assert "once `start` runs again" in found[0].message


def test_a_loop_reading_the_field_each_round_is_not_stranded():
    assert RE_READ != POLLER
    assert _replaced(RE_READ) == []


# CLOSER_ON_A_VARIABLE: `redial` closes the broken connection the pipeline holds
# (`p.current().Close()`, a `Close` of another type) before starting again; the type's
# own `Close` would close the stop channel, that one does not.
CONN_CLOSED_FIRST = (
    REDIAL.replace(
        b"type pipeline struct {\n",
        b"type conn interface{ Close() error }\n\ntype pipeline struct {\n\tc conn\n",
    )
    .replace(
        b"func (p *pipeline) pause()  { close(p.stopc) }",
        b"func (p *pipeline) Close()  { close(p.stopc) }",
    )
    .replace(
        b"func (p *pipeline) redial() { p.start() }",
        b"func (p *pipeline) current() conn { return p.c }\n\n"
        b"func (p *pipeline) redial() {\n\tp.current().Close()\n\tp.start()\n}",
    )
)

# ... while the type's own `Close` on the object does close it first.
SELF_CLOSED_FIRST = CONN_CLOSED_FIRST.replace(b"\tp.current().Close()\n", b"\tp.Close()\n")


def test_closing_what_the_object_holds_is_not_closing_its_signal():
    assert b"p.current().Close()" in CONN_CLOSED_FIRST
    found = _replaced(CONN_CLOSED_FIRST, "peer.go")
    assert len(found) == 1
    assert "once `start` runs again" in found[0].message
    assert _replaced(SELF_CLOSED_FIRST, "peer.go") == []

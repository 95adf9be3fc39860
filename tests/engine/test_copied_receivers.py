"""Stop channels made on a value receiver's copy (analysis/copied_receivers.py, GL003):
the goroutine started on the copy waits on a channel the type's `Stop` can never close
(blind corpus p47, proved under goleak). A pointer receiver, a copy handed on, or no
method closing the field stays silent."""

from goleash.engine import analyze_source

SYNCER = b"""package quota

import "time"

type Syncer struct {
	interval time.Duration
	stop     chan struct{}
}

func (s Syncer) Start() {
	s.stop = make(chan struct{})
	go s.loop()
}

func (s Syncer) loop() {
	t := time.NewTicker(s.interval)
	defer t.Stop()
	for {
		select {
		case <-t.C:
		case <-s.stop:
			return
		}
	}
}

func (s *Syncer) Stop() {
	if s.stop != nil {
		close(s.stop)
	}
}
"""

POINTER = SYNCER.replace(b"func (s Syncer) Start()", b"func (s *Syncer) Start()")

HANDED_ON = SYNCER.replace(b"\tgo s.loop()\n", b"\tgo s.loop()\n\tregister(&s)\n") + (
    b"\nvar running []*Syncer\n\nfunc register(s *Syncer) { running = append(running, s) }\n"
)

NOBODY_CLOSES = SYNCER.replace(b"\t\tclose(s.stop)\n", b"\t\ts.stop = nil\n")


def _copies(source: bytes):
    return [
        (f.span.start.row + 1, f.message)
        for f in analyze_source(source, "quota.go").findings
        if f.code == "GL003"
    ]


def test_a_stop_channel_made_on_a_copy_is_reported_at_the_wait():
    found = _copies(SYNCER)
    assert [row for row, _ in found] == [19]
    assert (
        "`Start` has a value receiver, so `s.stop` is made on a copy of the `Syncer`" in found[0][1]
    )
    fixes = [x.title for x in analyze_source(SYNCER, "quota.go").findings[0].fixes]
    assert fixes == ["Give `Start` a pointer receiver (`*Syncer`)"]


def test_a_pointer_receiver_a_copy_handed_on_or_no_closer_is_silent():
    for source in (POINTER, HANDED_ON, NOBODY_CLOSES):
        assert source != SYNCER
        assert _copies(source) == []

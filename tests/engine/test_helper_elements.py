"""HELPER_ELEMENTS (identities.helper_elements): futures a helper returns, kept in a
slice (`pending[i] = probeAsync(m)`, or appended), counted as one channel like the
channels a function makes into a slice itself. The leaky program and its fixed twin
are idioms/04-helper-channel/mirror_check.go; these are edits of it, found or silent
as the counts say."""

from pathlib import Path

from goleash.engine import analyze_source

IDIOM = Path(__file__).resolve().parent / "idioms" / "04-helper-channel" / "mirror_check.go"


def _found(source: bytes) -> list[tuple[str, int]]:
    return [
        (f.code, f.location.span.start.row + 1)
        for f in analyze_source(source, "mirror_check.go").findings
    ]


def _edited(old: bytes, new: bytes) -> bytes:
    source = IDIOM.read_bytes()
    assert old in source
    return source.replace(old, new)


def test_futures_left_unread_by_an_early_return_are_found():
    assert _found(IDIOM.read_bytes()) == [("GL005", 24)]


def test_futures_appended_to_the_slice_are_found_too():
    appended = _edited(
        b"\tpending := make([]<-chan probeResult, len(mirrors))\n"
        b"\tfor i, m := range mirrors {\n\t\tpending[i] = probeAsync(m, probe)\n",
        b"\tvar pending []<-chan probeResult\n"
        b"\tfor _, m := range mirrors {\n\t\tpending = append(pending, probeAsync(m, probe))\n",
    )
    assert [code for code, _ in _found(appended)] == ["GL005"]


def test_a_collector_that_reads_every_future_is_silent():
    patient = (
        _edited(
            b"\t\tif r.err != nil {\n\t\t\treturn nil, fmt.Errorf(",
            b"\t\tif r.err != nil && err == nil {\n\t\t\terr = fmt.Errorf(",
        )
        .replace(b"r.mirror, r.err)\n\t\t}", b"r.mirror, r.err)\n\t\t\tcontinue\n\t\t}")
        .replace(b"\treturn latencies, nil\n}", b"\treturn latencies, err\n}")
        .replace(
            b"\tlatencies := make([]time.Duration, 0, len(mirrors))\n",
            b"\tlatencies := make([]time.Duration, 0, len(mirrors))\n\tvar err error\n",
        )
    )
    assert b"return nil, fmt" not in patient
    assert _found(patient) == []


def test_futures_handed_to_unseen_code_are_not_judged():
    handed = (
        _edited(
            b"\tlatencies := make([]time.Duration, 0, len(mirrors))\n",
            b"\tkeep(pending)\n\tlatencies := make([]time.Duration, 0, len(mirrors))\n",
        )
        + b"\nvar keep = func([]<-chan probeResult) {}\n"
    )
    assert _found(handed) == []

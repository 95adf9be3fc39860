"""The close a stopping method makes is the builtin `close(x.stop)`, also when it is
only found in the method's text (CLOSE_IN_A_CLOSURE): `closeAll(m.stop)` or a method
`x.close(m.stop)` is another function, which goleash does not follow, so no method is
known to close the stop channel and the meter's Observe is not reported as outliving
its receiver. Found by the edit-sequence property (half-typed `closeclose(m.stop)`)."""

from pathlib import Path

from goleash.engine import analyze
from goleash.source import SourceFile

METER = Path(__file__).resolve().parents[1] / "rules" / "testdata" / "GL007" / "meter"


def _gl007(observe: bytes) -> list[str]:
    meter = METER / "meter.go"
    siblings = [SourceFile(str(meter), meter.read_bytes())]
    report = analyze(SourceFile(str(METER / "observe.go"), observe), siblings, with_fixes=False)
    return [f.message for f in report.findings if f.code == "GL007"]


def test_the_builtin_close_stops_the_receiver():
    found = _gl007((METER / "observe.go").read_bytes())
    assert len(found) == 1 and "once `Stop` has run" in found[0]


def test_a_function_or_method_named_like_close_does_not():
    source = (METER / "observe.go").read_bytes()
    for other in (b"closeclose(m.stop)", b"m.close(m.stop)"):
        assert _gl007(source.replace(b"close(m.stop)", other)) == []

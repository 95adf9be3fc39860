"""Goroutine dumps as the Go versions print them."""

from goleash.runtime.stacks import Frame, parse

GO119_TIMEOUT = """\
=== RUN   TestRun
panic: test timed out after 1s

goroutine 6 [running]:
testing.(*M).startAlarm.func1()
\t/usr/lib/go-1.19/src/testing/testing.go:2036 +0x8e
created by time.goFunc
\t/usr/lib/go-1.19/src/time/sleep.go:176 +0x32

goroutine 4 [semacquire, 2 minutes]:
sync.runtime_Semacquire(0xc000012338?)
\t/usr/lib/go-1.19/src/runtime/sema.go:62 +0x25
example.com/hang.Run({0xc000046f40, 0x2, 0x2})
\t/src/hang/batch.go:17 +0xdb
testing.tRunner(0xc000007380, 0x555cd8)
\t/usr/lib/go-1.19/src/testing/testing.go:1446 +0x10b
created by testing.(*T).Run
\t/usr/lib/go-1.19/src/testing/testing.go:1493 +0x35f
exit status 2
"""

GO127_PROFILE = """\
goroutine 19 gp=0xc000003dc0 m=nil [chan send (leaked)]:
example.com/leaky.First.func1(0x0?)
\t/src/leaky/fetch.go:11 +0x1e
...additional frames elided...
created by example.com/leaky.First in goroutine 18
\t/src/leaky/fetch.go:10 +0x67
"""


def test_go119_timeout_dump():
    alarm, stuck = parse(GO119_TIMEOUT)
    assert (alarm.id, alarm.state, alarm.created_by) == (
        6,
        "running",
        Frame("time.goFunc", "/usr/lib/go-1.19/src/time/sleep.go", 176),
    )
    assert stuck.wait_reason == "semacquire" and not stuck.leaked
    assert [f.function for f in stuck.frames] == [
        "sync.runtime_Semacquire",
        "example.com/hang.Run",
        "testing.tRunner",
    ]
    assert stuck.frames[1] == Frame("example.com/hang.Run", "/src/hang/batch.go", 17)
    assert stuck.created_by.function == "testing.(*T).Run"


def test_go127_leak_profile_marks_and_creator_goroutine():
    [g] = parse(GO127_PROFILE)
    assert g.leaked and g.wait_reason == "chan send"
    assert g.frames == [Frame("example.com/leaky.First.func1", "/src/leaky/fetch.go", 11)]
    assert g.created_by == Frame("example.com/leaky.First", "/src/leaky/fetch.go", 10)
    assert g.frames[0].short_function == "leaky.First.func1"


def test_runtime_rules_are_documented_where_their_urls_point():
    from pathlib import Path

    from goleash.runtime.rules import RUNTIME_RULES

    page = (Path(__file__).resolve().parents[2] / "docs" / "runtime.md").read_text()
    for rule in RUNTIME_RULES:
        assert rule.url.endswith(f"runtime.md#{rule.code.lower()}-{rule.name}")
        assert f"### {rule.code} {rule.name}\n\n_{rule.summary}_" in page
        assert rule.section("What it does") in page

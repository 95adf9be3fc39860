"""A file is analysed once per build whose sibling files differ, through the engine."""

from __future__ import annotations

from goleash.config import Settings
from goleash.engine import analyze
from goleash.project.build import Target
from goleash.project.builds import analyze_in_builds
from goleash.source import SourceFile

MAIN = b"""package p

func Start() {
	ch := make(chan int)
	go worker(ch)
}
"""

# On linux the worker receives (a leak: nothing sends); on windows it only sends
# into a buffered channel it was given (no leak on its side either).
WORKER_LINUX = b"""//go:build linux

package p

func worker(ch chan int) {
	<-ch
}
"""

WORKER_WINDOWS = b"""package p

func worker(ch chan int) {
	<-ch
}
"""

TARGETS = [Target("linux", "amd64"), Target("windows", "amd64")]


def _files(*pairs):
    return [SourceFile(path, data) for path, data in pairs]


def test_a_function_declared_once_per_os_resolves_in_each_build():
    main = SourceFile("p/main.go", MAIN)
    siblings = _files(("p/worker_linux.go", WORKER_LINUX), ("p/worker_windows.go", WORKER_WINDOWS))
    # All files as one package: `worker` is declared twice, so nothing resolves.
    flat = analyze(main, siblings, Settings())
    assert not any(f.code == "GL003" for f in flat.findings)
    calls = []

    def counting(*args, **kw):
        calls.append(sorted(s.path for s in (args[1]() if callable(args[1]) else args[1])))
        return analyze(*args, **kw)

    report = analyze_in_builds(main, siblings, Settings(), counting, targets=TARGETS)
    assert [f.code for f in report.findings] == ["GL003"]
    assert calls == [["p/worker_linux.go"], ["p/worker_windows.go"]]


def test_builds_with_the_same_siblings_run_once():
    main = SourceFile("p/main.go", MAIN)
    siblings = _files(("p/worker.go", WORKER_WINDOWS))
    calls = []

    def counting(*args, **kw):
        calls.append(1)
        return analyze(*args, **kw)

    report = analyze_in_builds(main, siblings, Settings(), counting, targets=TARGETS)
    assert [f.code for f in report.findings] == ["GL003"] and len(calls) == 1


def test_builds_whose_differing_files_declare_nothing_looked_up_run_once():
    # linux and windows see different files, but the analysis only looks up `worker`,
    # declared in a file of both builds: the windows build would say the same.
    main = SourceFile("p/main.go", MAIN)
    siblings = _files(
        ("p/worker.go", WORKER_WINDOWS),
        ("p/poll_linux.go", b"//go:build linux\n\npackage p\n\nfunc poll() {}\n"),
        ("p/poll_windows.go", b"package p\n\nfunc poll() {}\n"),
    )
    calls = []

    def counting(*args, **kw):
        calls.append(sorted(s.path for s in (args[1]() if callable(args[1]) else args[1])))
        return analyze(*args, **kw)

    report = analyze_in_builds(main, siblings, Settings(), counting, targets=TARGETS)
    assert [f.code for f in report.findings] == ["GL003"]
    assert calls == [["p/poll_linux.go", "p/worker.go"]]


def test_a_file_for_one_os_only_sees_that_os_siblings():
    worker_linux = SourceFile("p/worker_linux.go", WORKER_LINUX)
    seen = []

    def recording(file, siblings, settings, **kw):
        seen.append(sorted(s.path for s in (siblings() if callable(siblings) else siblings)))
        return analyze(file, siblings, settings, **kw)

    siblings = _files(("p/main.go", MAIN), ("p/other_windows.go", WORKER_WINDOWS))
    analyze_in_builds(worker_linux, siblings, Settings(), recording, targets=TARGETS, eager=True)
    assert seen == [["p/main.go"]]


def test_an_unused_suppression_in_one_build_only_is_not_reported():
    main = SourceFile(
        "p/main.go",
        MAIN.replace(b"go worker(ch)", b"go worker(ch) //goleash:ignore GL003 reviewed"),
    )
    siblings = _files(
        ("p/worker_linux.go", WORKER_LINUX),
        ("p/worker_windows.go", WORKER_WINDOWS.replace(b"<-ch", b"ch <- 1")),
    )
    report = analyze_in_builds(main, siblings, Settings(), analyze, targets=TARGETS)
    assert [f.code for f in report.findings] == []

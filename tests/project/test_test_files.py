"""A package's `_test.go` files are compiled only into its test binary: a non-test
file is analysed without them (their helpers do not release its goroutines), a test
file with every file of the package, and the CLI does not even read them when only
non-test files are checked."""

from goleash.analysis.package import Package, compiled_with
from goleash.cli import directory_check
from goleash.cli.jobs import plan
from goleash.config import Settings
from goleash.source import SourceFile

PROD = SourceFile("/p/srv/server.go", b"package srv\n\nfunc Serve() {}\n")
OTHER = SourceFile("/p/srv/client.go", b"package srv\n\nfunc Dial() {}\n")
TEST = SourceFile("/p/srv/server_test.go", b"package srv\n\nfunc helper() {}\n")


def test_the_build_rule():
    assert compiled_with("a/x.go", "a/y.go")
    assert not compiled_with("a/x.go", "a/x_test.go")
    assert compiled_with("a/x_test.go", "a/x.go")
    assert compiled_with("a/x_test.go", "a/y_test.go")


def test_a_non_test_file_sees_only_non_test_siblings():
    assert [f.path for f in Package(PROD, [OTHER, TEST]).files] == [PROD.path, OTHER.path]


def test_a_test_file_sees_the_whole_package():
    assert [f.path for f in Package(TEST, [PROD, OTHER]).files] == [
        TEST.path,
        PROD.path,
        OTHER.path,
    ]


LEAKY_SERVE = b"""package srv

func Serve(names []string) string {
	out := make(chan string)
	for _, n := range names {
		go func(n string) { out <- n }(n)
	}
	return <-out
}
"""


def test_the_cli_reads_test_siblings_only_for_test_files(tmp_path, monkeypatch):
    (tmp_path / "server.go").write_bytes(LEAKY_SERVE)
    (tmp_path / "helper.go").write_bytes(b"package srv\n\nfunc send(ch chan int) { ch <- 1 }\n")
    # Starts a goroutine declared in helper.go: its analysis reads the siblings.
    (tmp_path / "server_test.go").write_bytes(
        b"package srv\n\nfunc spawn() {\n\tch := make(chan int)\n\tgo send(ch)\n}\n"
    )
    read: list[str] = []
    real_load_all = directory_check.load_all

    def recording_load_all(paths):
        read.extend(paths)
        return real_load_all(paths)

    monkeypatch.setattr(directory_check, "load_all", recording_load_all)
    (job,) = plan([str(tmp_path / "server.go")])
    result = directory_check.check_directory(job, Settings(), with_fixes=False)
    assert [f.code for r in result.reports for f in r.findings] == ["GL004"]
    assert read == [str(tmp_path / "helper.go")]

    read.clear()
    (job,) = plan([str(tmp_path / "server_test.go")])
    directory_check.check_directory(job, Settings(), with_fixes=False)
    assert sorted(read) == [str(tmp_path / "helper.go"), str(tmp_path / "server.go")]

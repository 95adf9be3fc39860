"""goleash.toml: found upwards, validated, and every mistake named by file, line and key."""

from __future__ import annotations

import pytest

from goleash.model import Severity
from goleash.project import config_file
from goleash.project.config_file import ConfigError
from goleash.project.resolve import Overrides, effective_settings, preview_rules
from goleash.project.store import ConfigStore

GOOD = b"""\
select = ["GL0", "orphaned-goroutine"]
ignore = ["GL013"]
exclude = ["internal/gen/", "*_mock.go"]
include-generated = true
preview = false

[severity]
GL003 = "error"

[per-path]
"internal/legacy/**" = ["GL009", "GL3"]
"""


def test_every_key_is_read():
    cfg = config_file.parse(GOOD, "/p/goleash.toml")
    assert cfg.select == ("GL0", "GL003")
    assert cfg.ignore == ("GL013",)
    assert cfg.severity == {"GL003": Severity.ERROR}
    assert cfg.exclude == ("internal/gen/", "*_mock.go")
    assert cfg.include_generated is True and cfg.preview is False
    assert cfg.per_path_ignores("/p/internal/legacy/a/b.go") == ("GL009", "GL003")
    assert cfg.per_path_ignores("/p/internal/new/b.go") == ()
    assert cfg.per_path_ignores("/elsewhere/internal/legacy/b.go") == ()


@pytest.mark.parametrize(
    "text, line, key, words",
    [
        (b'select = ["GL003"]\nignore = "GL013"\n', 2, "ignore", "expected a list"),
        (b'select = ["GL999"]\n', 1, "select", "unknown rule code or name 'GL999'"),
        (b'\n\nselct = ["GL003"]\n', 3, "selct", "unknown key"),
        (b'preview = "yes"\n', 1, "preview", "expected true or false"),
        (b"exclude = [1]\n", 1, "exclude", "gitignore-style patterns"),
        (
            b'[severity]\nGL001 = "warning"\nGL003 = "loud"\n',
            3,
            "severity.GL003",
            "expected hint, info, warning or error",
        ),
        (b'severity = { GL003 = "error", nope = "error" }\n', 1, "severity.nope", "unknown rule"),
        (
            b'[per-path]\n"a/**" = ["GL003"]\n"b/**" = ["XX1"]\n',
            3,
            "per-path.b/**",
            "unknown rule code",
        ),
        (b'select = ["GL003"\nignore = []\n', 2, None, "invalid TOML"),
        (b"select = \xff\n", 1, None, "not valid UTF-8"),
    ],
)
def test_mistakes_name_file_line_and_key(text, line, key, words):
    with pytest.raises(ConfigError) as info:
        config_file.parse(text, "/p/goleash.toml")
    err = info.value
    assert (err.path, err.line, err.key) == ("/p/goleash.toml", line, key)
    assert words in str(err)
    assert str(err).startswith(f"/p/goleash.toml:{line}: ")


def test_nearest_file_wins(tmp_path):
    (tmp_path / "goleash.toml").write_text('ignore = ["GL003"]\n')
    inner = tmp_path / "a" / "b"
    inner.mkdir(parents=True)
    (tmp_path / "a" / "goleash.toml").write_text('ignore = ["GL009"]\n')
    assert config_file.find(str(inner / "x.go")) == str(tmp_path / "a" / "goleash.toml")
    assert config_file.find(str(tmp_path / "y.go")) == str(tmp_path / "goleash.toml")


def test_store_rereads_a_changed_file_and_keeps_the_last_good_one(tmp_path):
    toml = tmp_path / "goleash.toml"
    toml.write_text('ignore = ["GL003"]\n')
    store = ConfigStore()
    first = store.lookup(str(tmp_path / "x.go"))
    assert first.error is None and first.config.ignore == ("GL003",)
    toml.write_text('ignore = ["GL003", "GL009"]\n# longer\n')
    assert store.lookup(str(tmp_path / "x.go")).config.ignore == ("GL003", "GL009")
    toml.write_text("ignore = 3\n")
    bad = store.lookup(str(tmp_path / "x.go"))
    assert bad.error is not None and bad.error.key == "ignore"
    assert bad.config.ignore == ("GL003", "GL009")  # the last good version


def test_precedence_defaults_then_file_then_overrides():
    cfg = config_file.parse(GOOD, "/p/goleash.toml")
    s = effective_settings(cfg, Overrides(), "/p/main.go")
    # Preview rules stay off: the file does not ask for them.
    assert s.select == ("GL0", "GL003") and s.ignore[0] == "GL013" and s.include_generated
    assert set(s.ignore[1:]) == set(preview_rules())
    assert s.severity == {"GL003": Severity.ERROR}
    s = effective_settings(
        cfg, Overrides(select=("GL009",), severity={"GL009": Severity.HINT}), "/p/main.go"
    )
    assert s.select == ("GL009",)
    assert s.severity == {"GL003": Severity.ERROR, "GL009": Severity.HINT}
    s = effective_settings(cfg, Overrides(ignore=()), "/p/internal/legacy/x.go")
    assert s.ignore[:2] == ("GL009", "GL003")  # per-path ignores stay on top of an override
    assert set(s.ignore[2:]) == set(preview_rules())
    assert effective_settings(None, Overrides(), "/x.go").select == ()


def test_preview_rules_run_only_when_asked():
    from goleash.lsp.project import editor_overrides
    from goleash.lsp.settings import ServerSettings
    from goleash.rules import get

    assert get("GL024").preview and not get("GL003").preview
    assert "GL024" in effective_settings(None, Overrides()).ignore
    assert "GL003" not in effective_settings(None, Overrides()).ignore
    assert (
        "GL024"
        not in effective_settings(config_file.parse(b"preview = true\n"), Overrides()).ignore
    )
    assert (
        "GL024"
        in effective_settings(
            config_file.parse(b"preview = true\n"), Overrides(preview=False)
        ).ignore
    )
    # The editor's `preview` setting is the command line's --preview.
    assert (
        "GL024"
        not in effective_settings(None, editor_overrides(ServerSettings(preview=True))).ignore
    )
    assert "GL024" in effective_settings(None, editor_overrides(ServerSettings())).ignore
    # PREVIEW_BEHAVIOUR: stable rules learn from the same switch what they report.
    assert not effective_settings(None, Overrides()).preview
    assert effective_settings(None, Overrides(preview=True)).preview
    assert effective_settings(None, editor_overrides(ServerSettings(preview=True))).preview


def test_preview_flag_runs_preview_rules_in_check(tmp_path):
    """GL017 reports a mutex left held on a way out that is no failure (`return 0`, the
    function's straight path, so no BRANCH_EXIT_OF_AN_UNLOCKING_PATH either) only with
    --preview (PREVIEW_BEHAVIOUR)."""
    import subprocess
    import sys

    src = tmp_path / "store.go"
    src.write_text(
        'package p\n\nimport "sync"\n\ntype S struct{ mu sync.Mutex }\n\n'
        "func (s *S) Get(ok bool) int {\n\ts.mu.Lock()\n\tif ok {\n\t\ts.mu.Unlock()\n"
        "\t\treturn 1\n\t}\n\treturn 0\n}\n"
    )
    run = [sys.executable, "-m", "goleash", "check", "--isolated", str(src)]
    plain = subprocess.run(run, capture_output=True, text=True)
    preview = subprocess.run([*run, "--preview"], capture_output=True, text=True)
    assert plain.returncode == 0 and "GL017" not in plain.stdout, plain.stdout
    assert preview.returncode == 1 and "GL017" in preview.stdout, preview.stdout


# A goroutine that may return before its send, and a function waiting for every send:
# GL022 wherever it is written.
_SQUARES = (
    "package p\n\nfunc Squares(xs []int) []int {\n\tout := make(chan int)\n"
    "\tfor _, x := range xs {\n\t\tgo func(x int) {\n\t\t\tif x < 0 {\n\t\t\t\treturn\n"
    "\t\t\t}\n\t\t\tout <- x * x\n\t\t}(x)\n\t}\n\tvar res []int\n\tfor range xs {\n"
    "\t\tres = append(res, <-out)\n\t}\n\treturn res\n}\n"
)


def test_counting_rules_are_in_preview_in_test_files_only(tmp_path):
    """TESTS_IN_PREVIEW: the same leak is reported in `squares.go` and, only with
    --preview, in `squares_test.go`; the other rules are not affected."""
    import subprocess
    import sys

    from goleash.rules import get

    assert {r for r in ("GL015", "GL022", "GL023") if get(r).preview_in_tests} == {
        "GL015",
        "GL022",
        "GL023",
    }
    assert not get("GL003").preview_in_tests and not get("GL022").preview
    (tmp_path / "squares.go").write_text(_SQUARES)
    (tmp_path / "other_test.go").write_text(_SQUARES.replace("Squares", "Cubes"))
    run = [sys.executable, "-m", "goleash", "check", "--isolated", "--no-related", str(tmp_path)]
    plain = subprocess.run(run, capture_output=True, text=True)
    preview = subprocess.run([*run, "--preview"], capture_output=True, text=True)
    plain_files = {
        line.split(":")[0].rsplit("/", 1)[-1]
        for line in plain.stdout.splitlines()
        if "(GL022)" in line
    }
    preview_files = {
        line.split(":")[0].rsplit("/", 1)[-1]
        for line in preview.stdout.splitlines()
        if "(GL022)" in line
    }
    assert plain_files == {"squares.go"}, plain.stdout
    assert preview_files == {"squares.go", "other_test.go"}, preview.stdout


def test_the_editor_s_settings_put_counting_rules_in_preview_in_test_files():
    from goleash.lsp.project import editor_overrides
    from goleash.lsp.settings import ServerSettings

    plain = editor_overrides(ServerSettings())
    assert "GL022" in effective_settings(None, plain, "/p/squares_test.go").ignore
    assert "GL022" not in effective_settings(None, plain, "/p/squares.go").ignore
    with_preview = editor_overrides(ServerSettings(preview=True))
    assert "GL022" not in effective_settings(None, with_preview, "/p/squares_test.go").ignore

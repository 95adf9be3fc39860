"""The Go test file `goleash test` adds to each package through `go test -overlay`.

It is one more test, not a TestMain, so it works beside the package's own
TestMain. Its file name sorts last and it joins the external test package when
there is one (external tests run after internal ones), so it runs after the
tests it checks. It waits for goroutines that are on their way out, then writes
every goroutine's stack to the file named by GOLEASH_LEAK_REPORT: through the
goroutineleak profile when the runtime has one (writing it is what runs the
leak-detecting collection; proven leaks are marked "(leaked)"), otherwise from
runtime.Stack. Outside `goleash test` it skips itself.
"""

from __future__ import annotations

import json
import os

FILE_NAME = "zzzz_goleash_leaks_test.go"
TEST_NAME = "TestGoleashLeakCollector"
REPORT_ENV = "GOLEASH_LEAK_REPORT"
PROFILE_MARK = "goleash: goroutineleak profile"
SNAPSHOT_MARK = "goleash: goroutine snapshot"

_SOURCE = """\
// Added by goleash test through go test -overlay; never written to disk here.

package {package}

import (
	"os"
	"runtime"
	"runtime/pprof"
	"testing"
	"time"
)

func {test}(t *testing.T) {{
	path := os.Getenv("{env}")
	if path == "" {{
		t.Skip("run by goleash test only")
	}}
	out, err := os.Create(path)
	if err != nil {{
		t.Fatalf("goleash: %v", err)
	}}
	defer out.Close()
	goleashLeakSettle()
	if profile := pprof.Lookup("goroutineleak"); profile != nil {{
		out.WriteString("{profile_mark}\\n")
		if err := profile.WriteTo(out, 2); err != nil {{
			t.Fatalf("goleash: %v", err)
		}}
		return
	}}
	out.WriteString("{snapshot_mark}\\n")
	buf := make([]byte, 1<<16)
	for {{
		n := runtime.Stack(buf, true)
		if n < len(buf) {{
			out.Write(buf[:n])
			return
		}}
		buf = make([]byte, 2*len(buf))
	}}
}}

// goleashLeakSettle waits until the number of goroutines stops falling, so that
// goroutines already on their way out are not taken for leaks.
func goleashLeakSettle() {{
	deadline := time.Now().Add(time.Second)
	last, steady := runtime.NumGoroutine(), 0
	for steady < 5 && time.Now().Before(deadline) {{
		time.Sleep(10 * time.Millisecond)
		runtime.Gosched()
		n := runtime.NumGoroutine()
		if n < last {{
			steady = 0
		}} else {{
			steady++
		}}
		last = n
	}}
}}
"""


def source(package: str) -> str:
    return _SOURCE.format(
        package=package,
        test=TEST_NAME,
        env=REPORT_ENV,
        profile_mark=PROFILE_MARK,
        snapshot_mark=SNAPSHOT_MARK,
    )


def write_overlay(work_dir: str, package_dir: str, package: str) -> str:
    """Write the collector and its overlay description into `work_dir`; return the
    overlay file's path (for `go test -overlay`)."""
    collector = os.path.join(work_dir, FILE_NAME)
    with open(collector, "w", encoding="utf-8") as fh:
        fh.write(source(package))
    overlay = os.path.join(work_dir, "overlay.json")
    with open(overlay, "w", encoding="utf-8") as fh:
        json.dump(
            {"Replace": {os.path.join(os.path.abspath(package_dir), FILE_NAME): collector}}, fh
        )
    return overlay

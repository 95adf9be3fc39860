"""`goleash rules` (the catalogue) and `goleash rule CODE` (one rule's documentation).

Every word printed here comes from the rule modules' own docs, the same source as
SARIF `rules[]` and the language server's hover links; `goleash rules --markdown`
writes docs/rules.md, whose anchors are the rules' `url`s.
"""

from __future__ import annotations

import argparse
import json
import re
import sys

from goleash.rules import ALL_RULES, get
from goleash.rules.base import Rule

REGENERATE = "goleash rules --markdown > docs/rules.md"


def add_parser(subparsers) -> None:
    p = subparsers.add_parser(
        "rules", help="list every rule", description="List every goleash rule."
    )
    shape = p.add_mutually_exclusive_group()
    shape.add_argument(
        "--format", choices=("text", "json"), default="text", help="output format (default: text)"
    )
    shape.add_argument(
        "--markdown", action="store_true", help="print the rule catalogue page (docs/rules.md)"
    )
    p.set_defaults(func=run_rules)

    one = subparsers.add_parser(
        "rule",
        help="show one rule's documentation",
        description="Show a rule's documentation. CODE is a code (GL003, GL03) or a name (orphaned-goroutine).",
    )
    one.add_argument("code", metavar="CODE")
    one.add_argument(
        "--format", choices=("text", "json"), default="text", help="output format (default: text)"
    )
    one.set_defaults(func=run_rule)


IN_TESTS_NOTE = (
    "In `_test.go` files this rule is in preview, reported there only with --preview:"
    " a test's counts follow the data the test fixes itself."
)


def rule_to_dict(rule: Rule) -> dict:
    return {
        "code": rule.code,
        "name": rule.name,
        "summary": rule.summary,
        "severity": rule.severity.label,
        "fixable": rule.fixable,
        "preview": rule.preview,
        "preview_in_tests": rule.preview_in_tests,
        "url": rule.url,
        "doc": rule.doc,
    }


def run_rules(args: argparse.Namespace) -> int:
    if args.markdown:
        sys.stdout.write(catalogue_markdown())
    elif args.format == "json":
        json.dump([rule_to_dict(r) for r in ALL_RULES], sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        width = max((len(r.name) for r in ALL_RULES), default=0)
        for r in ALL_RULES:
            tag = " (preview)" if r.preview else " (preview in tests)" if r.preview_in_tests else ""
            sys.stdout.write(f"{r.code}  {r.name:<{width}}  {r.summary}{tag}\n")
    return 0


def run_rule(args: argparse.Namespace) -> int:
    rule = get(args.code)
    if rule is None:
        print(
            f"goleash rule: error: unknown rule {args.code!r} (`goleash rules` lists them)",
            file=sys.stderr,
        )
        return 2
    if args.format == "json":
        json.dump(rule_to_dict(rule), sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
        return 0
    doc = rule.doc.rstrip()
    if not doc.startswith("# "):
        sys.stdout.write(f"# {rule.name} ({rule.code})\n\n")
    sys.stdout.write(doc + "\n\n")
    extra = f"Default severity: {rule.severity.label}. Fix available: {'yes' if rule.fixable else 'no'}."
    if rule.preview:
        extra += " In preview: runs only with --preview."
    elif rule.preview_in_tests:
        extra += " " + IN_TESTS_NOTE
    sys.stdout.write(f"{extra}\n{rule.url}\n")
    return 0


# -- the catalogue page -----------------------------------------------------------


def anchor(rule: Rule) -> str:
    return rule.url.rsplit("#", 1)[1]


def _body(doc: str) -> str:
    """The rule's doc under its catalogue heading: no title of its own, and its
    sections one level down. Lines inside code fences are left alone."""
    lines = doc.strip().splitlines()
    if lines and re.match(r"^# ", lines[0]):
        lines = lines[1:]
    out, fenced = [], False
    for line in lines:
        if line.lstrip().startswith("```"):
            fenced = not fenced
        elif not fenced and re.match(r"^#{1,5} ", line):
            line = "#" + line
        out.append(line)
    return "\n".join(out).strip()


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def catalogue_markdown() -> str:
    parts = [
        "# goleash rules",
        "",
        f"<!-- Generated from the rule modules by `{REGENERATE}`; do not edit by hand. -->",
        "",
        "Every rule has a stable code and a name for the bad pattern it finds. Select or",
        "ignore them with `goleash check --select/--ignore`; `goleash rule CODE` prints one",
        "rule's documentation.",
        "",
        "| Code | Name | Summary | Severity | Fix |",
        "|------|------|---------|----------|-----|",
    ]
    for r in ALL_RULES:
        parts.append(
            f"| [{r.code}](#{anchor(r)}) | `{r.name}` | {_cell(r.summary)} | {r.severity.label} | "
            f"{'yes' if r.fixable else 'no'} |"
        )
    for r in ALL_RULES:
        # GitHub's slug of "GL003 orphaned-goroutine" is the anchor in `Rule.url`.
        parts += ["", f"## {r.code} {r.name}", "", f"_{_cell(r.summary)}_", ""]
        if r.preview_in_tests:
            parts += [IN_TESTS_NOTE, ""]
        parts += [_body(r.doc)]
    return "\n".join(parts) + "\n"

"""The general model's findings for one file: identities born there, judged and classified."""

from __future__ import annotations

import logging

from goleash.analysis.classify import Leak, classify
from goleash.analysis.identities import (constructed, contexts, discover, field_protocols, helper_results, maybe_nil,
                                         select_groups)
from goleash.analysis.liveness import Liveness
from goleash.analysis.optional_fields import optional_field_verdicts

log = logging.getLogger(__name__)

# Capture names are unique across the rules' shared candidate query.
QUERY = "\n".join((
    '(var_spec type: (qualified_type name: (type_identifier) @_wgn) (#eq? @_wgn "WaitGroup")) @wg_spec',
    '(composite_literal type: (qualified_type name: (type_identifier) @_wgc) (#eq? @_wgc "WaitGroup")) @wg_value',
    "(short_var_declaration right: (expression_list . (call_expression) @bound_call .))",
    "(range_clause right: (call_expression) @used_call)",
    '(unary_expression operator: "<-" operand: (call_expression) @used_call)',
    '(call_expression function: (selector_expression operand: (selector_expression) field: (field_identifier) @_fw)'
    ' (#eq? @_fw "Wait")) @field_wait',
))


def find_leaks(file, package, candidates: dict) -> list[Leak]:
    liveness = Liveness(file, package)
    identities = discover(
        liveness,
        candidates.get("make", []),
        candidates.get("wg_spec", []) + candidates.get("wg_value", []),
        candidates.get("bound_call", []),
        candidates.get("field_wait", []),
    )
    identities += helper_results(liveness, candidates.get("used_call", []))
    identities += constructed(liveness, candidates.get("bound_call", []))
    identities += field_protocols(liveness, candidates.get("go", []))
    identities += contexts(liveness, candidates.get("cancel_decl", []))
    identities += select_groups(liveness, candidates.get("select", []))
    leaks: list[Leak] = [Leak("GL014", v) for v in maybe_nil(liveness, candidates.get("nil_chan_spec", []))]
    leaks += [Leak("GL014", v) for v in optional_field_verdicts(liveness, candidates.get("go", []))]
    for ident in identities:
        for verdict in liveness.judge(ident):
            leak = classify(verdict)
            if leak is not None:
                leaks.append(leak)
    return leaks

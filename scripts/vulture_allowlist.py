"""Names the dead-code finder (vulture, run by scripts/lint.sh) cannot see used.

Each line names something used from outside Python's view: pytest reads `pytestmark` and
requests fixtures by parameter name. pygls handlers are exempted by their decorators
(`--ignore-decorators` in scripts/lint.sh), not listed here.
"""

from vulture.whitelist_utils import Whitelist

_ = Whitelist()

_.pytestmark  # module-level marks, read by pytest
_.offline_go  # a pytest fixture, requested by name (tests/runtime/conftest.py)
_.failing_gl016  # a pytest fixture, requested by name (tests/cli/test_cli_incomplete.py)

# PENDING: dead code in modules being reworked on other branches when this list was made.
# Delete the code (or the line here, if the rework uses it again), until this part is empty.
_.holds  # analysis/cfg.py
_.terminals  # analysis/cfg.py
_.in_select_without_default  # analysis/channels.py
_.ident_var_name  # analysis/classify.py
_.TABLES  # analysis/index.py
_.RELEASES  # analysis/leaks.py
_.actors_of  # analysis/leaks.py
_.only_owner  # analysis/leaks.py
_.enclosing_loop  # analysis/leaks.py
_.loop_exits  # analysis/leaks.py
_.giving_up_cases  # analysis/leaks.py
_.case_leaves  # analysis/leaks.py
_.abandoned_senders  # analysis/leaks.py
_.loop_stack  # analysis/liveness.py
_.pp  # analysis/liveness.py
_.relative  # analysis/regions.py
_.declared_in_loop  # analysis/scopes.py
_.var_at  # analysis/scopes.py
_.exported  # analysis/values.py

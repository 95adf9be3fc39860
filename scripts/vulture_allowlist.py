"""Names the dead-code finder (vulture, run by scripts/lint.sh) cannot see used.

Each line names something used from outside Python's view: pytest reads `pytestmark` and
requests fixtures by parameter name. pygls handlers are exempted by their decorators
(`--ignore-decorators` in scripts/lint.sh), not listed here.
"""

from vulture.whitelist_utils import Whitelist

_ = Whitelist()

_.pytestmark  # module-level marks, read by pytest
_.offline_go  # a pytest fixture, requested by name (tests/runtime/conftest.py)
_.failing_rule  # a pytest fixture, requested by name (tests/cli/test_cli_incomplete.py)

# A parameter of a Protocol's method: it names what implementations receive.
_.relative  # analysis/regions.py (Domain.compose)

# A dataclass field that tells two values apart through the generated `__eq__`.
_.global_name  # analysis/call_chains.py (Handle: two package-level Onces differ by name)

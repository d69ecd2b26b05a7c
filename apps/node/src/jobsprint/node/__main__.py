import jobsprint.common.lean_imports  # noqa: F401  (first: keeps unused library parts out, ADR-103)
from jobsprint.node.host import main

main()

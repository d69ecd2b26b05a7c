"""Write the gateway's OpenAPI document (as `/v1/openapi.json` serves it) to a file, without
starting anything: `make web-client` generates Studio's typed API client from it."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from jobsprint.gateway.app import create_app
from jobsprint.gateway.config import Settings


def main() -> None:
    target = Path(sys.argv[1])
    document = create_app(Settings()).openapi()
    target.write_text(json.dumps(document, indent=1, sort_keys=True) + "\n")


if __name__ == "__main__":
    main()

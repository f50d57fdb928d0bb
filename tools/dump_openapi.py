"""Write each service's OpenAPI document to a folder (the frontend generates its types from them)."""

from __future__ import annotations

import importlib
import json
import sys
from pathlib import Path

SERVICES = ["gateway", "registry", "grading", "inspection", "audit"]


def main() -> None:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "frontend/openapi")
    out.mkdir(parents=True, exist_ok=True)
    for name in SERVICES:
        app = importlib.import_module(f"{name}.main").create_app(environment="test")
        doc = app.openapi()
        (out / f"{name}.json").write_text(json.dumps(doc, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        print(f"{name}: {len(doc.get('paths', {}))} paths → {out / (name + '.json')}")


if __name__ == "__main__":
    main()

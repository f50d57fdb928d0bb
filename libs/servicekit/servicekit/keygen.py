"""Create the platform's key pairs and PII key in a folder if they are missing.

    python -m servicekit.keygen /keys
"""

from __future__ import annotations

import secrets
import sys
from pathlib import Path

from servicekit.keys import generate_keypair


def main() -> None:
    folder = Path(sys.argv[1] if len(sys.argv) > 1 else "keys")
    folder.mkdir(parents=True, exist_ok=True)
    generate_keypair(folder / "gateway.pem", folder / "gateway.pub.pem")
    generate_keypair(folder / "service.pem", folder / "service.pub.pem")
    pii = folder / "pii.key"
    if not pii.exists():
        pii.write_text(secrets.token_urlsafe(32))
        pii.chmod(0o600)
    print(f"keys ready in {folder}")


if __name__ == "__main__":
    main()

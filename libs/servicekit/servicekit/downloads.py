"""The Content-Disposition header of a download with a Chinese file name (RFC 6266 / RFC 5987)."""

from __future__ import annotations

from urllib.parse import quote


def disposition(filename: str, *, inline: bool = False) -> dict[str, str]:
    """Headers naming the file: `inline` opens it in the browser (a PDF), otherwise it is saved."""
    return {"content-disposition": f"{'inline' if inline else 'attachment'}; filename*=UTF-8''{quote(filename)}"}

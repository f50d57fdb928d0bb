"""Uploaded documents (PDF, Word, Excel, images): size-limited reads and the type told by the
file's first bytes, since the browser's content type is not trusted."""

from __future__ import annotations

import hashlib

from fastapi import UploadFile

from servicekit.errors import InvalidInput

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
SIGNATURES: dict[bytes, str] = {
    b"%PDF-": "application/pdf",
    b"PK\x03\x04": DOCX,  # any OOXML (docx, xlsx) is a zip; named by its extension below
    b"\xd0\xcf\x11\xe0": "application/msword",
    b"\xff\xd8\xff": "image/jpeg",
    b"\x89PNG": "image/png",
}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


async def read_document(file: UploadFile, *, max_bytes: int = 10 * 1024 * 1024) -> tuple[bytes, str, str]:
    """(content, content type, sha256) of an uploaded PDF, Word/Excel file or JPEG/PNG image, or a Chinese refusal."""
    content = await file.read(max_bytes + 1)
    if len(content) > max_bytes:
        raise InvalidInput(f"文件不能超过 {max_bytes // 1024 // 1024} MB", code="DOCUMENT_TOO_LARGE")
    if not content:
        raise InvalidInput("文件为空", code="DOCUMENT_EMPTY")
    content_type = sniff(content, file.filename or "")
    if content_type is None:
        raise InvalidInput("只能上传 PDF、Word（.doc/.docx）、Excel（.xlsx）或 JPEG/PNG 图片", code="DOCUMENT_TYPE")
    return content, content_type, hashlib.sha256(content).hexdigest()


def sniff(content: bytes, filename: str = "") -> str | None:
    kind = next((t for sig, t in SIGNATURES.items() if content.startswith(sig)), None)
    if kind == DOCX and filename.lower().endswith(".xlsx"):
        return XLSX
    return kind

"""Photos as this service stores them (item photos, signatures, rectification evidence, routine
photos): read from the upload, checked to be an image by decoding it, and kept under the id the
phone made, so the same upload sent again is the same photo and never a second one."""

from __future__ import annotations

import hashlib
import io
import uuid
from typing import Any, TypeVar

from fastapi import UploadFile
from PIL import Image, UnidentifiedImageError
from sqlalchemy.ext.asyncio import AsyncSession

from servicekit.errors import Conflict, InvalidInput

MAX_PHOTO_BYTES = 8 * 1024 * 1024
FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
Image.MAX_IMAGE_PIXELS = 60_000_000  # refuse decompression bombs
T = TypeVar("T")


def check_image(content: bytes) -> tuple[str, int, int]:
    """(content type, width, height) of an image this service accepts, or a Chinese refusal."""
    if len(content) > MAX_PHOTO_BYTES:
        raise InvalidInput(f"照片不能超过 {MAX_PHOTO_BYTES // 1024 // 1024} MB", code="PHOTO_TOO_LARGE")
    try:
        with Image.open(io.BytesIO(content)) as img:
            fmt, (width, height) = img.format, img.size
            img.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        raise InvalidInput("上传的文件不是可识别的图片（支持 JPEG、PNG、WebP）", code="PHOTO_NOT_IMAGE") from exc
    if fmt not in FORMATS:
        raise InvalidInput("照片格式须为 JPEG、PNG 或 WebP", code="PHOTO_NOT_IMAGE")
    return FORMATS[fmt], width, height


async def read_upload(file: UploadFile) -> tuple[bytes, str]:
    """The uploaded bytes (at most one byte past the limit, so a too-large file is known) and their SHA-256."""
    content = await file.read(MAX_PHOTO_BYTES + 1)
    return content, hashlib.sha256(content).hexdigest()


async def earlier_upload(session: AsyncSession, model: type[T], photo_id: uuid.UUID, parent: str, parent_id: Any,
                         digest: str) -> T | None:
    """The photo already stored under this id when the same image was sent to the same record
    before (a retry); None when the id is new; PHOTO_ID_TAKEN when the id holds another image."""
    existing = await session.get(model, photo_id)
    if existing is None:
        return None
    if getattr(existing, parent) == parent_id and existing.sha256 == digest:
        return existing
    raise Conflict("该照片编号已被另一张照片使用", code="PHOTO_ID_TAKEN")

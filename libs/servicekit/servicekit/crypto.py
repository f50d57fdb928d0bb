"""Field encryption for personal information and keyed hashes for equality lookups.

New values are encrypted with SM4 in GCM mode (GB/T 32907, the national block cipher that 等保 and
密评 expect) through `cryptography`; values written before it with AES-256-GCM still decrypt. A
ciphertext says which: `kid(1 byte) | nonce(12) | ct | tag(16)`, where kid 2 is SM4-GCM and kid 1
AES-256-GCM. Both keys are derived from the PII_KEY setting with distinct labels. Re-encrypting old
values to SM4 (and to a new PII_KEY) is a rotation step described in docs/operations.md.
"""

from __future__ import annotations

import hashlib
import hmac
import os

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

AES_GCM = 1
SM4_GCM = 2
TAG_BYTES = 16


class FieldCipher:
    def __init__(self, secret: str, *, key_id: int = SM4_GCM) -> None:
        if key_id not in (AES_GCM, SM4_GCM):
            raise ValueError("unknown key id")
        self.key_id = key_id
        self._aes = AESGCM(hashlib.sha256(("qsrp-pii-enc:" + secret).encode()).digest())
        self._sm4_key = hashlib.sha256(("qsrp-pii-sm4:" + secret).encode()).digest()[:16]
        self._hmac_key = hashlib.sha256(("qsrp-pii-mac:" + secret).encode()).digest()

    def encrypt(self, plaintext: str) -> bytes:
        nonce = os.urandom(12)
        if self.key_id == AES_GCM:
            return bytes([AES_GCM]) + nonce + self._aes.encrypt(nonce, plaintext.encode(), None)
        enc = Cipher(algorithms.SM4(self._sm4_key), modes.GCM(nonce)).encryptor()
        body = enc.update(plaintext.encode()) + enc.finalize()
        return bytes([SM4_GCM]) + nonce + body + enc.tag

    def decrypt(self, blob: bytes) -> str:
        if not blob or blob[0] not in (AES_GCM, SM4_GCM) or len(blob) < 1 + 12 + TAG_BYTES:
            raise ValueError("unknown key id")
        nonce, rest = blob[1:13], blob[13:]
        if blob[0] == AES_GCM:
            return self._aes.decrypt(nonce, rest, None).decode()
        dec = Cipher(algorithms.SM4(self._sm4_key), modes.GCM(nonce, rest[-TAG_BYTES:])).decryptor()
        return (dec.update(rest[:-TAG_BYTES]) + dec.finalize()).decode()

    def needs_reencryption(self, blob: bytes) -> bool:
        """True for a value written under another algorithm than the current one (rotation)."""
        return bool(blob) and blob[0] != self.key_id

    def lookup_hash(self, value: str) -> str:
        """HMAC-SHA256 of the normalised value: equality search without storing plaintext."""
        return hmac.new(self._hmac_key, value.strip().upper().encode(), hashlib.sha256).hexdigest()


def mask_middle(value: str | None, *, keep_start: int = 3, keep_end: int = 4) -> str | None:
    """'13812345678' → '138****5678'; short values are masked entirely but the last char."""
    if value is None:
        return None
    if len(value) <= keep_start + keep_end:
        return "*" * max(len(value) - 1, 1) + value[-1:]
    return value[:keep_start] + "*" * (len(value) - keep_start - keep_end) + value[-keep_end:]

"""Dependencies of the gateway's auth routes: settings, signer, cipher, caller."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from gateway.auth.service import ClientInfo, Signer
from gateway.settings import Settings
from servicekit.auth import ADMIN_ROLES, REGULATOR_ROLES, Authenticator, Principal
from servicekit.crypto import FieldCipher


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def get_signer(request: Request) -> Signer:
    signer: Signer = request.app.state.signer
    return signer


def get_cipher(request: Request) -> FieldCipher:
    cipher: FieldCipher = request.app.state.cipher
    return cipher


def get_client_info(request: Request) -> ClientInfo:
    return ClientInfo(ip=request.client.host if request.client else None, user_agent=request.headers.get("user-agent"))


SettingsDep = Annotated[Settings, Depends(get_settings)]
SignerDep = Annotated[Signer, Depends(get_signer)]
CipherDep = Annotated[FieldCipher, Depends(get_cipher)]
ClientDep = Annotated[ClientInfo, Depends(get_client_info)]

# people only: an API key's token has no user record behind it (no /me, password or TOTP)
AnyUser = Annotated[Principal, Depends(Authenticator(roles=REGULATOR_ROLES | {"enterprise_user"}))]
Regulator = Annotated[Principal, Depends(Authenticator(roles=REGULATOR_ROLES | {"api_client"}))]
Admin = Annotated[Principal, Depends(Authenticator(roles=ADMIN_ROLES))]

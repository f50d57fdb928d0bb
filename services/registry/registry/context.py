"""What the archive's service functions need besides the session: org tree, cipher, today."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from fastapi import Request

from servicekit.crypto import FieldCipher
from servicekit.errors import AppError, InvalidInput
from servicekit.orgs import OrgDirectory, OrgNode


@dataclass
class ArchiveContext:
    directory: OrgDirectory
    cipher: FieldCipher
    today: dt.date

    async def place_names(self) -> dict[str, str]:
        """Code → short name of every county and station; empty when the gateway cannot be reached."""
        try:
            nodes = await self.directory.all()
        except AppError:
            return {}
        return {n.code: n.short_name or n.name for n in nodes if n.level in ("county", "station")}

    async def locate(self, division_code: str, station_code: str | None) -> tuple[str, OrgNode]:
        """The org path of a unit in `division_code` (a county) and optionally one of its stations."""
        county = await self.directory.get(division_code)
        if county is None or county.level != "county":
            raise InvalidInput(f"所在县（区）代码 {division_code} 不存在", code="DIVISION_UNKNOWN")
        if not station_code:
            return county.path, county
        station = await self.directory.get(station_code)
        if station is None or station.level != "station" or station.parent_code != county.code:
            raise InvalidInput(f"市场监管所 {station_code} 不属于 {county.short_name or county.name}", code="STATION_UNKNOWN")
        return station.path, station


def archive_context(request: Request) -> ArchiveContext:
    state = request.app.state
    return ArchiveContext(directory=state.org_directory, cipher=state.cipher, today=state.clock())

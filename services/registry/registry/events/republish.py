"""python -m registry.events.republish: publish every archived unit again, for a subscriber that
joins late or lost its data (e.g. a grading database restored from an older backup).

Units go out as `enterprise.imported` events of 500 (the shape bulk imports use), through the
outbox, so delivery is retried and consumers apply them idempotently by version.
"""

from __future__ import annotations

import asyncio
import uuid

from sqlalchemy import select

from registry.imports.service import EVENT_CHUNK
from registry.models import Enterprise
from registry.settings import Settings
from servicekit.db import jsonable, make_engine, make_sessionmaker
from servicekit.outbox import OutboxEvent

FIELDS = (Enterprise.id, Enterprise.credit_code, Enterprise.name, Enterprise.unit_types, Enterprise.employees,
          Enterprise.revenue_wan, Enterprise.division_code, Enterprise.station_code, Enterprise.org_path,
          Enterprise.status, Enterprise.version)


async def republish() -> int:
    settings = Settings()
    engine = make_engine(settings.database_url, pool_size=1, max_overflow=0)
    batch_id = str(uuid.uuid4())
    sent = 0
    try:
        async with make_sessionmaker(engine)() as session, session.begin():
            result = await session.stream(select(*FIELDS).order_by(Enterprise.id).execution_options(yield_per=EVENT_CHUNK))
            async for part in result.mappings().partitions(EVENT_CHUNK):
                items = [{**dict(r), "id": str(r["id"]), "change": "republished",
                          "revenue_wan": str(r["revenue_wan"]) if r["revenue_wan"] is not None else None}
                         for r in part]
                session.add(OutboxEvent(id=uuid.uuid4(), topic="enterprise.imported",
                                        payload={"import_id": f"republish-{batch_id}", "items": jsonable(items)}))
                sent += len(items)
    finally:
        await engine.dispose()
    return sent


if __name__ == "__main__":
    print(f"republished {asyncio.run(republish())} units")

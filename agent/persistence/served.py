"""The checkpointer LangGraph Server uses on the desk's PostgreSQL store (``DESK_DATABASE_URL``).

``langgraph.postgres.json`` names ``shared_checkpointer`` as its ``checkpointer.path``: the server
then keeps its checkpoints in the same tables as the CLI's ``PostgresSaver``
(``agent.persistence.checkpoints``), so a thread started through the server can be answered by
``desk review`` and the reverse. langgraph-api enters the context manager once per event loop and
closes it at shutdown; the server runs the graph asynchronously, hence ``AsyncPostgresSaver``.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from agent.errors import CheckpointError
from agent.persistence import DATABASE_URL_ENV, database_url
from agent.persistence.database import POSTGRES_SCHEMES, advisory_key, describe_url

POOL_MAX_SIZE = 8
"""Connections per server worker: runs, state reads and the Inbox's polling share them."""


@asynccontextmanager
async def shared_checkpointer() -> AsyncIterator[Any]:
    """An ``AsyncPostgresSaver`` on ``DESK_DATABASE_URL``, its tables set up once."""
    url = database_url(os.environ)
    if url is None or not url.startswith(POSTGRES_SCHEMES):
        raise CheckpointError(f"langgraph.postgres.json needs {DATABASE_URL_ENV}="
                              "postgresql://... in the server's environment (or its .env)")
    from langgraph.checkpoint.postgres.aio import AsyncPostgresSaver
    from psycopg.rows import dict_row
    from psycopg_pool import AsyncConnectionPool

    pool = AsyncConnectionPool(url, min_size=1, max_size=POOL_MAX_SIZE, open=False,
                               kwargs={"autocommit": True, "prepare_threshold": 0,
                                       "row_factory": dict_row})
    try:
        await pool.open(wait=True, timeout=10)
    except Exception as error:  # psycopg_pool.PoolTimeout and driver errors alike
        raise CheckpointError(f"cannot open {describe_url(url)}: {error}") from None
    try:
        saver = AsyncPostgresSaver(pool)  # type: ignore[arg-type]
        await _setup_once(saver, pool)
        yield saver
    finally:
        await pool.close()


async def _setup_once(saver: Any, pool: Any) -> None:
    """Create or migrate the checkpoint tables; the CLI takes the same advisory lock."""
    async with pool.connection() as conn:
        await conn.execute("SELECT pg_advisory_lock(%s)", (advisory_key("desk-setup"),))
        try:
            await saver.setup()
        finally:
            await conn.execute("SELECT pg_advisory_unlock(%s)", (advisory_key("desk-setup"),))

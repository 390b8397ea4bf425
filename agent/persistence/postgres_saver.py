"""LangGraph's ``PostgresSaver`` with the desk's one-line storage errors (imported only when
``DESK_DATABASE_URL`` is set: the PostgreSQL driver is an optional extra)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import psycopg
from langgraph.checkpoint.postgres import PostgresSaver

from agent.persistence.database import CHECKPOINTS_DAMAGED_HINT, postgres_error


class DeskPostgresSaver(PostgresSaver):
    """``PostgresSaver`` whose driver errors name the database and what still works."""

    def __init__(self, conn: Any, where: str) -> None:
        super().__init__(conn)
        self.where = where

    @contextmanager
    def _cursor(self, *, pipeline: bool = False) -> Iterator[Any]:
        try:
            with super()._cursor(pipeline=pipeline) as cur:
                yield cur
        except psycopg.Error as error:
            raise postgres_error(error, self.where, CHECKPOINTS_DAMAGED_HINT) from error

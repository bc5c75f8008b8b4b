"""One Settings object, validated at start-up and passed in (environment prefix ``MARKNET_``).

Precedence: explicit arguments (CLI options) > environment > the node's ``marknet.json`` written
by ``marknet init`` > defaults.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from pydantic import Field, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from marknet.errors import ConfigError
from marknet.model.codelists import is_office_code

NODE_FILE = "marknet.json"
SQLITE_FILE = "marknet.sqlite3"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="MARKNET_", extra="ignore")

    data_dir: Path
    office: str = Field(default="RU", description="ST.3 code of the office this node serves")
    database_url: str | None = Field(
        default=None, description="postgresql://… for PostgreSQL; default: SQLite in data_dir")
    import_batch_size: int = Field(default=2000, ge=1, le=100_000)
    max_body_bytes: int = Field(default=5_000_000, ge=1024)

    @field_validator("office")
    @classmethod
    def _office(cls, value: str) -> str:
        value = value.strip().upper()
        if not is_office_code(value):
            raise ValueError(f"unknown office code {value!r} (ST.3)")
        return value

    @field_validator("database_url")
    @classmethod
    def _url(cls, value: str | None) -> str | None:
        if value and not value.startswith(("postgresql://", "postgres://", "sqlite:///")):
            raise ValueError("must start with postgresql:// or sqlite:///")
        return value or None

    @model_validator(mode="after")
    def _resolve(self) -> Settings:
        self.data_dir = self.data_dir.expanduser().resolve()
        return self

    @property
    def store_url(self) -> str:
        return self.database_url or f"sqlite:///{self.data_dir / SQLITE_FILE}"

    @property
    def keys_dir(self) -> Path:
        return self.data_dir / "keys"


def load_settings(data_dir: Path | str | None = None, **overrides: Any) -> Settings:
    """Settings for a node: its marknet.json, then the environment, then explicit overrides."""
    raw_dir = data_dir or os.environ.get("MARKNET_DATA_DIR")
    if not raw_dir:
        raise ConfigError("no data directory: pass --data-dir or set MARKNET_DATA_DIR")
    node_file = Path(raw_dir) / NODE_FILE
    from_file: dict[str, Any] = {}
    if node_file.exists():
        try:
            from_file = json.loads(node_file.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise ConfigError(f"cannot read {node_file}: {exc}") from exc
    values = {k: v for k, v in from_file.items() if f"MARKNET_{k.upper()}" not in os.environ}
    values.update({k: v for k, v in overrides.items() if v is not None})
    values["data_dir"] = Path(raw_dir)
    try:
        return Settings(**values)
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        raise ConfigError(f"invalid settings: {problems}") from exc


def write_node_file(settings: Settings) -> Path:
    path = settings.data_dir / NODE_FILE
    body = {"office": settings.office}
    if settings.database_url:
        body["database_url"] = settings.database_url
    path.write_text(json.dumps(body, indent=2) + "\n", encoding="utf-8")
    return path

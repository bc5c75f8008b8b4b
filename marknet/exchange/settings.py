"""Exchange settings (environment prefix ``MARKNET_EXCHANGE_``), validated at start-up.

They sit beside the node's ``Settings`` rather than in it so the exchange can be tuned (tests,
benchmarks, a slow link) without touching the node file; ``max_body_bytes`` stays a node setting.
"""

from __future__ import annotations

from pydantic import Field, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

from marknet.errors import ConfigError


class ExchangeSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="MARKNET_EXCHANGE_", extra="ignore")

    clock_window_s: float = Field(
        default=300.0, gt=0, description="accept a message only if sent within ± this many seconds")
    retry_base_s: float = Field(default=0.5, gt=0, description="first back-off delay")
    retry_cap_s: float = Field(default=60.0, gt=0, description="longest back-off delay")
    poll_s: float = Field(default=0.25, gt=0,
                          description="how often the delivery worker looks at the outbox")
    pull_interval_s: float = Field(default=30.0, gt=0,
                                   description="scheduled pull of each partner's feed")
    head_poll_s: float = Field(default=1.0, gt=0,
                               description="how often to look for own register changes to announce")
    batch_size: int = Field(default=200, ge=1, le=5000, description="messages per delivery POST")
    page_size: int = Field(default=5000, ge=1, le=20_000, description="events per feed page")
    timeout_s: float = Field(default=30.0, gt=0, description="HTTP timeout towards partners")
    max_page_bytes: int = Field(default=64 * 2**20, ge=1024, le=2**31,
                                description="largest feed page body a mirror reads")


def load_exchange_settings(**overrides: object) -> ExchangeSettings:
    try:
        return ExchangeSettings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        raise ConfigError(f"invalid exchange settings: {problems}") from exc

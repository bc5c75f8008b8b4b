"""API and web settings (environment prefix ``MARKNET_API_``), validated at start-up.

Kept beside the node's ``Settings`` (like the exchange's) so the HTTP side can be tuned for
tests and benchmarks without touching the node file.
"""

from __future__ import annotations

from pydantic import Field, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

from marknet.errors import ConfigError


class ApiSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="MARKNET_API_", extra="ignore")

    rate_per_s: float = Field(default=100.0, ge=0,
                              description="requests per second per client; 0 turns limiting off")
    rate_burst: int = Field(default=200, ge=1, description="requests a client may make at once")
    idle_timeout_s: int = Field(default=5, ge=1, le=300,
                                description="close a kept-alive connection idle this long")
    request_timeout_s: float = Field(default=15.0, gt=0, le=600, description=(
        "a request must arrive whole (headers and body) within this time, else the "
        "connection is closed (slow or silent clients)"))
    max_json_bytes: int = Field(default=1_000_000, ge=1024, description="largest request body")
    max_upload_bytes: int = Field(default=11_000_000, ge=1024, description="largest image "
                                  "upload (the image's own limit, 10 MB, plus the form)")
    token_days: int = Field(default=90, ge=1, description="lifetime of an API token")
    session_hours: int = Field(default=12, ge=1, description="lifetime of a page session")
    secure_cookies: bool = Field(default=False, description="set when served over HTTPS")
    watch_threshold: float = Field(default=0.7, ge=0.0, le=1.0,
                                   description="default score a new filing must reach")
    watch_poll_s: float = Field(default=2.0, gt=0, description="how often watches look for filings")
    webhook_timeout_s: float = Field(default=5.0, gt=0)
    webhook_max_attempts: int = Field(default=8, ge=1)
    # Webhooks to loopback or private addresses would let a user probe the office network.
    webhook_allow_private: bool = Field(default=False)
    search_workers: int = Field(
        default=0, ge=0, le=64, description="processes that run searches (0: in the server "
        "process); each maps the index, so set it to the cores the node may use")
    processes: int = Field(
        default=1, ge=1, le=64, description="HTTP processes sharing the port (marknet serve): "
        "the first runs the node's background work, the others only answer requests")


def load_api_settings(**overrides: object) -> ApiSettings:
    try:
        return ApiSettings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        raise ConfigError(f"invalid API settings: {problems}") from exc

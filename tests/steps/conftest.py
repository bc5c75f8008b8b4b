"""The API fixtures (a seeded RU node, its client, a token per role) for the step tests."""

from tests.api.conftest import client, tokens

__all__ = ["client", "tokens"]

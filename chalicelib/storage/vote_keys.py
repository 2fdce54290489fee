"""Keys of vote sessions. Like every key of a debate, each starts with D#{slug}. Layout: docs/data-model.md."""
from __future__ import annotations

import hashlib
import random

# Tallies and the export index are spread over this many partitions (docs/data-model.md, "Votes": 10,000 ballots
# per second on one proposal need at least 20 partitions at 1,000 WCU/s with 2 WCU per transactional write).
SHARDS = 32

SESSION_SK = "META"


def sessions_index(slug: str) -> str:
    """gsi1 partition listing a debate's vote sessions."""
    return f"D#{slug}#VS"


def session(slug: str, session_id: str) -> str:
    """The session's partition: META, proposals, modules, overrides (its settings, not its votes)."""
    return f"D#{slug}#VS#{session_id}"


def proposal_sk(proposal_id: str) -> str:
    return f"P#{proposal_id}"


def module_sk(module_id: str) -> str:
    return f"M#{module_id}"


def override_sk(module_id: str, proposal_id: str) -> str:
    return f"O#{module_id}#{proposal_id}"


def tally(slug: str, session_id: str, shard: int) -> str:
    """One of the SHARDS tally partitions of a session."""
    return f"D#{slug}#VS#{session_id}#T#{shard:02d}"


def tally_sk(proposal_id: str, module_id: str) -> str:
    return f"{proposal_id}#{module_id}"


def random_shard() -> int:
    return random.randrange(SHARDS)


def voter_prefix(session_id: str) -> str:
    """Sort-key prefix of a voter's ballots and purses in a session, under the voter's member partition."""
    return f"V#{session_id}#"


def ballot_sk(session_id: str, module_id: str, proposal_id: str) -> str:
    return f"V#{session_id}#B#{module_id}#{proposal_id}"


def purse_sk(session_id: str, module_id: str) -> str:
    return f"V#{session_id}#P#{module_id}"


def idempotency_sk(session_id: str, key: str) -> str:
    return f"VI#{session_id}#{key}"


def voter_shard(user_id: str) -> int:
    return int.from_bytes(hashlib.sha256(user_id.encode()).digest()[:4], "big") % SHARDS


def ballots_index(slug: str, session_id: str, shard: int) -> str:
    """gsi1 partition of the export: a session's ballots, spread by voter over SHARDS partitions."""
    return f"D#{slug}#VS#{session_id}#B#{shard:02d}"


def ballots_index_sk(user_id: str, module_id: str, proposal_id: str) -> str:
    return f"{user_id}#{module_id}#{proposal_id}"

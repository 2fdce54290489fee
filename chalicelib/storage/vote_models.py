"""PynamoDB models of vote sessions, in the single table (keys: vote_keys.py, layout: docs/data-model.md).

Settings and ballots are stored as JSON text so that exact numbers (gauge values, steps) survive as written.
Purses and tallies have one number attribute per category or gauge value (`spent_{category}`, `tok_{category}`,
`g_{index}`, ...): DynamoDB's ADD works on top-level attributes only, so those attributes are not declared here
and are read as raw items (votes_repo)."""
from __future__ import annotations

from pynamodb.attributes import MapAttribute, NumberAttribute, UnicodeAttribute

from chalicelib.storage.models import Entity


class VoteSession(Entity, discriminator="VoteSession"):
    """pk D#{slug}#VS#{session_id}, sk META; gsi1 D#{slug}#VS / {created_at}#{session_id}."""
    session_id = UnicodeAttribute()
    idea_id = UnicodeAttribute()
    phase_id = UnicodeAttribute()
    title = MapAttribute()
    instructions = MapAttribute()
    results_visibility = UnicodeAttribute()  # live | after_close
    proposal_order = UnicodeAttribute()  # fixed | random
    proposal_count = NumberAttribute(default=0)
    module_count = NumberAttribute(default=0)
    pseudonym_secret = UnicodeAttribute()  # never leaves the server: keys the voters' pseudonyms in exports
    created_at = UnicodeAttribute()
    created_by = UnicodeAttribute()
    updated_at = UnicodeAttribute()


class VoteProposal(Entity, discriminator="VoteProposal"):
    """pk D#{slug}#VS#{session_id}, sk P#{proposal_id}."""
    proposal_id = UnicodeAttribute()
    title = MapAttribute()
    description = MapAttribute()
    order = NumberAttribute()
    created_at = UnicodeAttribute()


class VoteModule(Entity, discriminator="VoteModule"):
    """pk D#{slug}#VS#{session_id}, sk M#{module_id}. `rev` makes concurrent edits of the settings safe."""
    module_id = UnicodeAttribute()
    kind = UnicodeAttribute()  # tokens | gauge | binary
    title = MapAttribute()
    instructions = MapAttribute()
    order = NumberAttribute()
    settings_json = UnicodeAttribute()
    rev = NumberAttribute(default=1)
    created_at = UnicodeAttribute()


class VoteOverride(Entity, discriminator="VoteOverride"):
    """pk D#{slug}#VS#{session_id}, sk O#{module_id}#{proposal_id}: the module as it applies to one proposal."""
    module_id = UnicodeAttribute()
    proposal_id = UnicodeAttribute()
    override_json = UnicodeAttribute()


class VoteBallot(Entity, discriminator="VoteBallot"):
    """pk D#{slug}#M#{user_id}, sk V#{session_id}#B#{module_id}#{proposal_id}; gsi1 (the export index)
    D#{slug}#VS#{session_id}#B#{voter shard} / {user_id}#{module_id}#{proposal_id}. `rev` counts changes: every
    write is conditioned on the revision read just before."""
    session_id = UnicodeAttribute()
    module_id = UnicodeAttribute()
    proposal_id = UnicodeAttribute()
    user_id = UnicodeAttribute()
    kind = UnicodeAttribute()
    ballot_json = UnicodeAttribute()
    rev = NumberAttribute()
    created_at = UnicodeAttribute()
    updated_at = UnicodeAttribute()


class VotePurse(Entity, discriminator="VotePurse"):
    """pk D#{slug}#M#{user_id}, sk V#{session_id}#P#{module_id}: tokens spent per category (`spent_{category}`,
    undeclared), moved in the ballot's transaction under the condition spent <= budget - delta."""
    session_id = UnicodeAttribute(null=True)
    module_id = UnicodeAttribute(null=True)


class VoteTally(Entity, discriminator="VoteTally"):
    """pk D#{slug}#VS#{session_id}#T#{shard}, sk {proposal_id}#{module_id}: one shard of a proposal's counts in
    one module (`voters`, `tok_{category}`, `g_{index}`, `b_for`, `b_against`, undeclared), summed on read."""
    proposal_id = UnicodeAttribute(null=True)
    module_id = UnicodeAttribute(null=True)

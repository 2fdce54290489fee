"""Request bodies. Unknown fields are refused, lengths are bounded; the OpenAPI document is built from these."""
from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, field_validator, model_validator

from chalicelib.domain import text as text_rules

LANGUAGE_CODES = ("fr", "en", "de", "es", "it", "nl", "pt", "zh")
Language = Literal["fr", "en", "de", "es", "it", "nl", "pt", "zh"]
Role = Literal["participant", "harvester", "moderator", "organiser"]


def _visible(value: str) -> str:
    """Text that shows something (`text.is_visible`): stripping spaces leaves zero-width and other invisible
    characters, and a title or a name made only of them would be there and show nothing."""
    if value and not text_rules.is_visible(value):
        raise ValueError("must contain at least one visible character")
    return value


Visible = AfterValidator(_visible)
ShortText = Annotated[str, StringConstraints(min_length=1, max_length=200), Visible]
LongText = Annotated[str, StringConstraints(max_length=5000), Visible]
Body = Annotated[str, StringConstraints(min_length=1, max_length=10000), Visible]
SLUG_RE = re.compile(r"^[a-z0-9](?:[a-z0-9-]{1,62}[a-z0-9])$")


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, str_strip_whitespace=True)


def _check_languages(texts: dict[str, str], what: str) -> dict[str, str]:
    for code in texts:
        if code not in LANGUAGE_CODES:
            raise ValueError(f"{what}: '{code}' is not a supported language ({', '.join(LANGUAGE_CODES)})")
    return texts


class PhaseInput(Strict):
    id: str | None = Field(default=None, pattern=r"^[0-9a-hjkmnp-tv-z]{16}$",
                           description="keep an existing phase's id when editing (vote sessions refer to it)")
    name: dict[str, ShortText] = Field(min_length=1, max_length=8)
    start: str = Field(description="ISO 8601 instant with offset, e.g. 2027-01-10T09:00:00+01:00")
    end: str | None = Field(default=None, description="Exclusive end instant; null for open-ended")

    @field_validator("name")
    @classmethod
    def _languages(cls, value: dict[str, str]) -> dict[str, str]:
        return _check_languages(value, "name")


LimitValue = Annotated[int, Field(ge=1, le=100_000)]


class WriteLimitsInput(Strict):
    """Participants' writes allowed per person and per network address; a missing field keeps its value."""
    user_per_minute: LimitValue | None = None
    user_per_hour: LimitValue | None = None
    ip_per_minute: LimitValue | None = None
    ip_per_hour: LimitValue | None = None


class DebateInput(Strict):
    slug: str = Field(min_length=3, max_length=64, description="lower-case letters, digits and dashes")
    languages: list[Language] = Field(min_length=1, max_length=8)
    default_language: Language
    title: dict[str, ShortText] = Field(min_length=1, max_length=8)
    description: dict[str, LongText] = Field(default_factory=dict, max_length=8)
    visibility: Literal["public", "private"] = "public"
    timezone: str = Field(default="Europe/Paris", max_length=64)
    phases: list[PhaseInput] = Field(default_factory=list, max_length=12)
    premoderation: bool = False
    write_limits: WriteLimitsInput | None = None

    @field_validator("slug")
    @classmethod
    def _slug(cls, value: str) -> str:
        if not SLUG_RE.match(value):
            raise ValueError("use 3 to 64 lower-case letters, digits and dashes, not starting or ending with a dash")
        return value

    @field_validator("title", "description")
    @classmethod
    def _languages(cls, value: dict[str, str]) -> dict[str, str]:
        return _check_languages(value, "text")

    @model_validator(mode="after")
    def _default_in_languages(self) -> "DebateInput":
        if self.default_language not in self.languages:
            raise ValueError("default_language must be one of languages")
        if self.default_language not in self.title:
            raise ValueError("title must be given in the default language")
        return self


class TermsInput(Strict):
    """A debate's terms of participation: contributions need the person's consent to this version."""
    version: str = Field(min_length=1, max_length=40, pattern=r"^[A-Za-z0-9._-]+$")
    url: str | None = Field(default=None, max_length=500, pattern=r"^https?://\S+$")
    text: dict[str, LongText] = Field(default_factory=dict, max_length=8)

    @field_validator("text")
    @classmethod
    def _languages(cls, value: dict[str, str]) -> dict[str, str]:
        return _check_languages(value, "text") if value else value


class DebatePatch(Strict):
    title: dict[str, ShortText] | None = Field(default=None, min_length=1, max_length=8)
    description: dict[str, LongText] | None = Field(default=None, max_length=8)
    visibility: Literal["public", "private"] | None = None
    status: Literal["open", "closed"] | None = None
    timezone: str | None = Field(default=None, max_length=64)
    phases: list[PhaseInput] | None = Field(default=None, max_length=12)
    premoderation: bool | None = None
    write_limits: WriteLimitsInput | None = None
    terms: TermsInput | None = None
    on_account_deletion: Literal["anonymise", "remove"] | None = None

    @field_validator("title", "description")
    @classmethod
    def _languages(cls, value: dict[str, str] | None) -> dict[str, str] | None:
        return value if value is None else _check_languages(value, "text")


class MemberInvite(Strict):
    email: str = Field(min_length=3, max_length=254)
    roles: list[Role] = Field(min_length=1, max_length=4)


class MemberRoles(Strict):
    roles: list[Role] = Field(min_length=1, max_length=4)


class IdeaInput(Strict):
    title: dict[str, ShortText] = Field(min_length=1, max_length=8)
    description: dict[str, LongText] = Field(default_factory=dict, max_length=8)
    parent_id: str | None = Field(default=None, max_length=32)

    @field_validator("title", "description")
    @classmethod
    def _languages(cls, value: dict[str, str]) -> dict[str, str]:
        return _check_languages(value, "text")


class IdeaPatch(Strict):
    title: dict[str, ShortText] | None = Field(default=None, min_length=1, max_length=8)
    description: dict[str, LongText] | None = Field(default=None, max_length=8)

    @field_validator("title", "description")
    @classmethod
    def _languages(cls, value: dict[str, str] | None) -> dict[str, str] | None:
        return value if value is None else _check_languages(value, "text")


class IdeaMove(Strict):
    parent_id: str | None = Field(default=None, max_length=32)
    position: int = Field(ge=0, le=10000, description="index among the new siblings, 0 = first")


class PostInput(Strict):
    body: Body = Field(description="Markdown")
    language: Language | None = None
    statement: bool = False


class ReplyInput(Strict):
    body: Body = Field(description="Markdown")
    language: Language | None = None


class PostEdit(Strict):
    body: Body = Field(description="Markdown")


class Moderation(Strict):
    state: Literal["published", "rejected"]
    reason: str | None = Field(default=None, max_length=500)


class StanceInput(Strict):
    value: Literal["agree", "disagree", "pass"]


class EmailLinkInput(Strict):
    email: str = Field(min_length=3, max_length=254)
    next: str | None = Field(default=None, max_length=300, pattern=r"^#/[A-Za-z0-9/_\-.?=&~%]*$")


class SessionInput(Strict):
    token: str = Field(min_length=10, max_length=4000)


class ProfilePatch(Strict):
    display_name: Annotated[str, StringConstraints(min_length=1, max_length=60), Visible]


Nature = Literal["issue", "proposal", "argument", "example", "fact", "concept", "knowledge", "cognitive_bias", "cause",
                 "experience", "position_against", "position_for", "question"]
Action = Literal["classify", "make_generic", "argue", "give_examples", "more_specific", "mix_and_match",
                 "display_multi_column", "display_thread", "display_tokens", "display_open_questions"]
Tag = Annotated[str, StringConstraints(min_length=1, max_length=40), Visible]


class ExtractInput(Strict):
    idea_id: str = Field(max_length=32)
    start: int | None = Field(default=None, ge=0, le=100000, description="offset into the post's body_text")
    end: int | None = Field(default=None, ge=1, le=100000, description="exclusive end offset")
    quote: str | None = Field(default=None, max_length=2000, description="the selected words, checked by the server")
    paraphrase: Annotated[str, StringConstraints(min_length=1, max_length=500), Visible] | None = None
    nature: Nature
    action: Action | None = None
    important: bool = False
    tags: list[Tag] = Field(default_factory=list, max_length=10)


class ExtractPatch(Strict):
    idea_id: str | None = Field(default=None, max_length=32)
    nature: Nature | None = None
    action: Action | None = None
    important: bool | None = None
    tags: list[Tag] | None = Field(default=None, max_length=10)


class ExtractReview(Strict):
    decision: Literal["confirm", "reject"]


SynthesisText = Annotated[str, StringConstraints(max_length=6000), Visible]


class SynthesisSection(Strict):
    idea_id: str = Field(max_length=32)
    text: dict[str, SynthesisText] = Field(default_factory=dict, max_length=8,
                                           description="language -> text; cite extracts with [1], [2] ...")
    citations: list[Annotated[str, StringConstraints(max_length=80)]] = Field(
        default_factory=list, max_length=60, description="extract ids; [n] in the text is citations[n-1]")

    @field_validator("text")
    @classmethod
    def _languages(cls, value: dict[str, str]) -> dict[str, str]:
        return _check_languages(value, "text")


class SynthesisInput(Strict):
    title: dict[str, ShortText] = Field(default_factory=dict, max_length=8)
    introduction: dict[str, SynthesisText] = Field(default_factory=dict, max_length=8)
    conclusion: dict[str, SynthesisText] = Field(default_factory=dict, max_length=8)
    sections: list[SynthesisSection] = Field(default_factory=list, max_length=60)

    @field_validator("title", "introduction", "conclusion")
    @classmethod
    def _languages(cls, value: dict[str, str]) -> dict[str, str]:
        return _check_languages(value, "text")


class SynthesisSave(SynthesisInput):
    version: int = Field(ge=1, description="the version you loaded; a stale one gets 409 with the current draft")


class PublishInput(Strict):
    version: int = Field(ge=1)


class ThreadMove(Strict):
    idea_id: str = Field(max_length=32)


class IdeaSplit(Strict):
    title: dict[str, ShortText] = Field(min_length=1, max_length=8)
    description: dict[str, LongText] = Field(default_factory=dict, max_length=8)
    post_ids: list[Annotated[str, StringConstraints(max_length=40)]] = Field(default_factory=list, max_length=25)
    extract_ids: list[Annotated[str, StringConstraints(max_length=80)]] = Field(default_factory=list, max_length=100)

    @field_validator("title", "description")
    @classmethod
    def _languages(cls, value: dict[str, str]) -> dict[str, str]:
        return _check_languages(value, "text")


class IdeaMerge(Strict):
    into_id: str = Field(max_length=32)


class FlagInput(Strict):
    reason: Literal["spam", "abuse", "off_topic", "personal_data", "other"]


class ConsentInput(Strict):
    version: str = Field(min_length=1, max_length=40)


class DeleteAccountInput(Strict):
    confirm: str = Field(min_length=1, max_length=254)

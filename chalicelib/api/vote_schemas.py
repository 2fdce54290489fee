"""Request bodies of the vote routes (docs/api-votes.md). Unknown fields are refused, sizes are bounded; the rules
that need the session (a category of this module, a value on this scale) are in chalicelib/domain/votes.py."""
from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, StringConstraints, field_validator, model_validator

from chalicelib.api.schemas import LongText, ShortText, Strict, Visible, _check_languages
from chalicelib.domain import votes as rules

Id = Annotated[str, StringConstraints(min_length=1, max_length=32)]
CategoryId = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_-]{1,32}$")]
Number = Annotated[float, Field(allow_inf_nan=False)] | int
Tokens = Annotated[int, Field(ge=0, le=rules.MAX_BUDGET)]


class _Texts(Strict):
    @field_validator("title", "instructions", "description", "name", "label", "unit", check_fields=False)
    @classmethod
    def _languages(cls, value):
        return value if value is None else _check_languages(value, "text")


class SessionInput(_Texts):
    idea_id: Id
    phase_id: Id = Field(description="id of one of the debate's phases: the vote is open during that phase")
    title: dict[str, ShortText] = Field(min_length=1, max_length=8)
    instructions: dict[str, LongText] = Field(default_factory=dict, max_length=8)
    results_visibility: Literal["live", "after_close"] = "after_close"
    proposal_order: Literal["fixed", "random"] = "fixed"


class SessionPatch(_Texts):
    idea_id: Id | None = None
    phase_id: Id | None = None
    title: dict[str, ShortText] | None = Field(default=None, min_length=1, max_length=8)
    instructions: dict[str, LongText] | None = Field(default=None, max_length=8)
    results_visibility: Literal["live", "after_close"] | None = None
    proposal_order: Literal["fixed", "random"] | None = None

    @model_validator(mode="after")
    def _stays_attached(self) -> "SessionPatch":
        for name in ("idea_id", "phase_id"):
            if name in self.model_fields_set and getattr(self, name) is None:
                raise ValueError(f"{name}: a session stays attached to an idea and a phase; null is not allowed")
        return self


class ProposalInput(_Texts):
    title: dict[str, ShortText] = Field(min_length=1, max_length=8)
    description: dict[str, LongText] = Field(default_factory=dict, max_length=8)


class ProposalPatch(_Texts):
    title: dict[str, ShortText] | None = Field(default=None, min_length=1, max_length=8)
    description: dict[str, LongText] | None = Field(default=None, max_length=8)


class ProposalOrder(Strict):
    proposal_ids: list[Id] = Field(min_length=1, max_length=rules.MAX_PROPOSALS,
                                   description="every proposal of the session, once, in the new order")


class CategoryInput(_Texts):
    id: CategoryId | None = Field(default=None, description="keep a category's id when editing; new ones get one")
    name: dict[str, ShortText] = Field(min_length=1, max_length=8)
    colour: str = Field(pattern=r"^#[0-9a-fA-F]{6}$", description="#rrggbb")
    budget: int = Field(ge=1, le=rules.MAX_BUDGET, description="tokens per participant in this category")
    max_per_proposal: int | None = Field(default=None, ge=1, le=rules.MAX_BUDGET,
                                         description="most tokens of this category on one proposal; default: budget")


class ChoiceInput(_Texts):
    value: Number
    label: dict[str, ShortText] = Field(min_length=1, max_length=8)


class RangeInput(_Texts):
    minimum: Number
    maximum: Number
    step: Number
    unit: dict[str, Annotated[str, StringConstraints(max_length=40), Visible]] = Field(default_factory=dict,
                                                                                       max_length=8)


class ModuleInput(_Texts):
    kind: Literal["tokens", "gauge", "binary"]
    title: dict[str, ShortText] = Field(default_factory=dict, max_length=8)
    instructions: dict[str, LongText] = Field(default_factory=dict, max_length=8)
    categories: list[CategoryInput] | None = Field(default=None, max_length=rules.MAX_CATEGORIES)
    exclusive: bool | None = None
    choices: list[ChoiceInput] | None = Field(default=None, max_length=rules.MAX_CHOICES)
    range: RangeInput | None = None

    @model_validator(mode="after")
    def _fields_of_kind(self) -> "ModuleInput":
        if self.kind == "tokens":
            if not self.categories:
                raise ValueError("a token module needs categories")
            if self.choices is not None or self.range is not None:
                raise ValueError("a token module has no choices or range")
        elif self.kind == "gauge":
            if (self.choices is None) == (self.range is None):
                raise ValueError("a gauge has either choices or a range")
            if self.categories is not None or self.exclusive is not None:
                raise ValueError("a gauge has no categories")
        elif any(v is not None for v in (self.categories, self.exclusive, self.choices, self.range)):
            raise ValueError("a binary module has no categories, choices or range")
        return self


class OverrideInput(_Texts):
    enabled: bool = Field(default=True, description="false: the module does not apply to this proposal")
    title: dict[str, ShortText] | None = Field(default=None, max_length=8)
    instructions: dict[str, LongText] | None = Field(default=None, max_length=8)
    max_per_proposal: dict[CategoryId, Tokens] | None = Field(default=None, max_length=rules.MAX_CATEGORIES)
    choices: list[ChoiceInput] | None = Field(default=None, max_length=rules.MAX_CHOICES)
    range: RangeInput | None = None

    @model_validator(mode="after")
    def _one_scale(self) -> "OverrideInput":
        if self.choices is not None and self.range is not None:
            raise ValueError("give either choices or a range")
        return self


class BallotInput(Strict):
    tokens: dict[CategoryId, Tokens] | None = Field(default=None, max_length=rules.MAX_CATEGORIES,
                                                    description="token modules: category id -> tokens")
    value: Number | Literal["for", "against"] | None = Field(
        default=None, description="gauge: a value of the scale; binary: 'for' or 'against'")

    @model_validator(mode="after")
    def _one_of(self) -> "BallotInput":
        if (self.tokens is None) == (self.value is None):
            raise ValueError("give either 'tokens' (token modules) or 'value' (gauges, binary)")
        return self

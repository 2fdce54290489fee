"""Rules of vote sessions, in plain Python (no storage, no HTTP).

A session holds proposals and modules. A module applies to every proposal of its session, and a per-proposal
override may change it for one proposal (switch it off, give a token category another maximum, give a gauge
another scale). Kinds of module:

* tokens: one or more categories (name, colour), a budget per participant per category, a maximum per proposal,
  optionally exclusive categories (a participant puts tokens of one category at most on a proposal);
* gauge: labelled choices (a Likert scale; each choice has a numeric value) or a numeric range with a step and a
  unit;
* binary: for / against.

Numbers that must be exact (gauge values, steps) are Decimals, stored as strings. Tallies are counts: token
totals per category, a count per gauge value (so the mean and the median are exact), for/against counts, and the
number of voters.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any, Callable, Iterable, Mapping

KINDS = ("tokens", "gauge", "binary")
BINARY_VALUES = ("for", "against")
RESULTS_VISIBILITY = ("live", "after_close")
PROPOSAL_ORDERS = ("fixed", "random")

MAX_PROPOSALS = 100  # the ordering of all proposals is one transaction (at most 100 items)
MAX_MODULES = 10
MAX_CATEGORIES = 5
MAX_CHOICES = 11
MAX_STEPS = 101  # keeps a tally item of a gauge under 1 KB (see docs/data-model.md)
MAX_BUDGET = 1000
# A gauge's values stay within what a browser's numbers (IEEE doubles) hold exactly, so a ballot sent back equals
# the scale's value and a mean is never Infinity.
MAX_SCALE_VALUE = Decimal(10**12)
COLOUR_RE = re.compile(r"^#[0-9a-fA-F]{6}$")


class InvalidVote(ValueError):
    """A rule was broken. `field` names the input, `code` is the API error code."""

    def __init__(self, field: str, message: str, code: str = "validation_failed"):
        super().__init__(message)
        self.field = field
        self.message = message
        self.code = code


def decimal(value: Any, field_name: str) -> Decimal:
    """A JSON number (or its string form) as an exact Decimal: 0.1 stays 0.1."""
    if isinstance(value, bool) or not isinstance(value, (int, float, str, Decimal)):
        raise InvalidVote(field_name, "must be a number")
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        raise InvalidVote(field_name, "must be a number") from None
    if not number.is_finite():
        raise InvalidVote(field_name, "must be a finite number")
    return number


def number_out(value: Decimal | None) -> int | float | None:
    """A Decimal for JSON: a whole number as an int, anything else as a float."""
    if value is None:
        return None
    if value == value.to_integral_value():
        return int(value)
    return float(value)


# --- module settings --------------------------------------------------------------------------------------------

def _texts(value: Any, field_name: str, *, required: bool = False) -> dict[str, str]:
    if value is None:
        value = {}
    if not isinstance(value, Mapping) or not all(isinstance(v, str) for v in value.values()):
        raise InvalidVote(field_name, "must map language codes to texts")
    texts = {k: v.strip() for k, v in value.items() if v.strip()}
    if required and not texts:
        raise InvalidVote(field_name, "needs a text in at least one language")
    return texts


def _whole(value: Any, field_name: str, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidVote(field_name, "must be a whole number")
    if not low <= value <= high:
        raise InvalidVote(field_name, f"must be between {low} and {high}")
    return value


def normalise_settings(kind: str, settings: Mapping[str, Any], new_id: Callable[[], str]) -> dict[str, Any]:
    """Checks a module's settings and returns them in stored form (ids given to new categories, numbers as
    strings, choices sorted by value)."""
    if kind == "tokens":
        return _normalise_tokens(settings, new_id)
    if kind == "gauge":
        return _normalise_scale(settings, "")
    if kind == "binary":
        return {}
    raise InvalidVote("kind", f"must be one of {', '.join(KINDS)}")


def _normalise_tokens(settings: Mapping[str, Any], new_id: Callable[[], str]) -> dict[str, Any]:
    categories = settings.get("categories")
    if not isinstance(categories, list) or not 1 <= len(categories) <= MAX_CATEGORIES:
        raise InvalidVote("categories", f"give 1 to {MAX_CATEGORIES} token categories")
    result, seen = [], set()
    for index, category in enumerate(categories):
        where = f"categories.{index}"
        category_id = category.get("id") or new_id()
        if not isinstance(category_id, str) or not re.match(r"^[A-Za-z0-9_-]{1,32}$", category_id):
            raise InvalidVote(f"{where}.id", "must be 1 to 32 letters, digits, '-' or '_'")
        if category_id in seen:
            raise InvalidVote(f"{where}.id", "is used by another category")
        seen.add(category_id)
        colour = category.get("colour")
        if not isinstance(colour, str) or not COLOUR_RE.match(colour):
            raise InvalidVote(f"{where}.colour", "must be a colour like #1f77b4")
        budget = _whole(category.get("budget"), f"{where}.budget", 1, MAX_BUDGET)
        maximum = category.get("max_per_proposal")
        maximum = budget if maximum is None else _whole(maximum, f"{where}.max_per_proposal", 1, MAX_BUDGET)
        if maximum > budget:
            raise InvalidVote(f"{where}.max_per_proposal", "cannot be more than the budget")
        result.append({"id": category_id, "name": _texts(category.get("name"), f"{where}.name", required=True),
                       "colour": colour.lower(), "budget": budget, "max_per_proposal": maximum})
    return {"categories": result, "exclusive": bool(settings.get("exclusive", False))}


def _scale_number(value: Any, field_name: str) -> Decimal:
    number = decimal(value, field_name)
    if abs(number) > MAX_SCALE_VALUE:
        raise InvalidVote(field_name, f"must be between -{MAX_SCALE_VALUE:,} and {MAX_SCALE_VALUE:,}")
    return number


def _normalise_scale(settings: Mapping[str, Any], prefix: str) -> dict[str, Any]:
    choices, numeric = settings.get("choices"), settings.get("range")
    if (choices is None) == (numeric is None):
        raise InvalidVote(f"{prefix}choices", "a gauge has either labelled choices or a numeric range")
    if choices is not None:
        if not isinstance(choices, list) or not 2 <= len(choices) <= MAX_CHOICES:
            raise InvalidVote(f"{prefix}choices", f"give 2 to {MAX_CHOICES} choices")
        result = []
        for index, choice in enumerate(choices):
            value = _scale_number(choice.get("value"), f"{prefix}choices.{index}.value")
            result.append({"value": str(value.normalize()),
                           "label": _texts(choice.get("label"), f"{prefix}choices.{index}.label", required=True)})
        values = [Decimal(c["value"]) for c in result]
        if len(set(values)) != len(values):
            raise InvalidVote(f"{prefix}choices", "two choices have the same value")
        result.sort(key=lambda c: Decimal(c["value"]))
        return {"choices": result}
    minimum = _scale_number(numeric.get("minimum"), f"{prefix}range.minimum")
    maximum = _scale_number(numeric.get("maximum"), f"{prefix}range.maximum")
    step = _scale_number(numeric.get("step"), f"{prefix}range.step")
    if maximum <= minimum:
        raise InvalidVote(f"{prefix}range.maximum", "must be more than the minimum")
    if step <= 0:
        raise InvalidVote(f"{prefix}range.step", "must be more than 0")
    steps = (maximum - minimum) / step
    if steps != steps.to_integral_value():
        raise InvalidVote(f"{prefix}range.step", "the range must be a whole number of steps")
    if steps + 1 > MAX_STEPS:
        raise InvalidVote(f"{prefix}range.step", f"a range has at most {MAX_STEPS} values; use a larger step")
    return {"range": {"minimum": str(minimum.normalize()), "maximum": str(maximum.normalize()),
                      "step": str(step.normalize()), "unit": _texts(numeric.get("unit"), f"{prefix}range.unit")}}


def scale_values(settings: Mapping[str, Any]) -> list[Decimal]:
    """The values a gauge accepts, ascending; a ballot's index points into this list."""
    if settings.get("choices") is not None:
        return [Decimal(c["value"]) for c in settings["choices"]]
    numeric = settings["range"]
    minimum, maximum, step = Decimal(numeric["minimum"]), Decimal(numeric["maximum"]), Decimal(numeric["step"])
    count = int((maximum - minimum) / step) + 1
    return [minimum + step * k for k in range(count)]


def normalise_override(kind: str, settings: Mapping[str, Any], override: Mapping[str, Any]) -> dict[str, Any]:
    """A per-proposal override: `enabled`, `title`, `instructions`; for tokens `max_per_proposal` per category;
    for gauges another scale (`choices` or `range`)."""
    result: dict[str, Any] = {"enabled": bool(override.get("enabled", True))}
    for name in ("title", "instructions"):
        if override.get(name) is not None:
            result[name] = _texts(override[name], name)
    maxima = override.get("max_per_proposal")
    if maxima is not None:
        if kind != "tokens":
            raise InvalidVote("max_per_proposal", "only token modules have a maximum per proposal")
        budgets = {c["id"]: c["budget"] for c in settings["categories"]}
        result["max_per_proposal"] = {}
        for category_id, maximum in maxima.items():
            if category_id not in budgets:
                raise InvalidVote(f"max_per_proposal.{category_id}", "is not a category of this module")
            result["max_per_proposal"][category_id] = _whole(maximum, f"max_per_proposal.{category_id}", 0,
                                                             budgets[category_id])
    if override.get("choices") is not None or override.get("range") is not None:
        if kind != "gauge":
            raise InvalidVote("choices", "only gauge modules have a scale")
        result.update(_normalise_scale(override, ""))
    return result


def effective_settings(kind: str, settings: Mapping[str, Any],
                       override: Mapping[str, Any] | None) -> dict[str, Any] | None:
    """The module as it applies to one proposal; None when the override switches it off."""
    result = dict(settings)
    if not override:
        return result
    if override.get("enabled") is False:
        return None
    if kind == "tokens" and override.get("max_per_proposal"):
        maxima = override["max_per_proposal"]
        result["categories"] = [{**c, "max_per_proposal": maxima.get(c["id"], c["max_per_proposal"])}
                                for c in settings["categories"]]
    if kind == "gauge":
        if override.get("choices") is not None:
            result = {"choices": override["choices"]}
        elif override.get("range") is not None:
            result = {"range": override["range"]}
    return result


def tightenings(kind: str, old: Mapping[str, Any] | None, new: Mapping[str, Any] | None) -> list[str]:
    """What a change would take away from ballots that may already exist. Once a vote has opened only changes
    with no tightening are accepted (budgets and maxima may grow, categories may be added, texts may change), so
    a ballot accepted under the old settings stays valid and a cached copy of the settings is never looser than
    the settings in force."""
    if old is None:
        return []
    if new is None:
        return ["the module would no longer apply to this proposal"]
    reasons = []
    if kind == "tokens":
        new_categories = {c["id"]: c for c in new["categories"]}
        for category in old["categories"]:
            changed = new_categories.get(category["id"])
            if changed is None:
                reasons.append(f"category {category['id']} would be removed")
                continue
            if changed["budget"] < category["budget"]:
                reasons.append(f"the budget of category {category['id']} would be lowered")
            if changed["max_per_proposal"] < category["max_per_proposal"]:
                reasons.append(f"the maximum per proposal of category {category['id']} would be lowered")
        if new.get("exclusive") and not old.get("exclusive"):
            reasons.append("categories would become exclusive")
    elif kind == "gauge":
        if scale_values(old) != scale_values(new):
            reasons.append("the gauge's values would change")
    return reasons


# --- ballots ----------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Ballot:
    """A participant's vote on one proposal in one module, checked against the settings in force."""
    tokens: dict[str, int] = field(default_factory=dict)  # tokens: category -> tokens (> 0 only)
    value: Decimal | None = None  # gauge: the value chosen
    index: int | None = None  # gauge: its position on the scale
    choice: str | None = None  # binary: for | against

    @property
    def empty(self) -> bool:
        return not self.tokens and self.value is None and self.choice is None

    def stored(self) -> dict[str, Any]:
        if self.tokens:
            return {"tokens": dict(self.tokens)}
        if self.value is not None:
            return {"value": str(self.value.normalize()), "index": self.index}
        if self.choice is not None:
            return {"choice": self.choice}
        return {}

    @classmethod
    def from_stored(cls, data: Mapping[str, Any]) -> "Ballot":
        if "tokens" in data:
            return cls(tokens={k: int(v) for k, v in data["tokens"].items() if int(v)})
        if "value" in data:
            return cls(value=Decimal(str(data["value"])), index=int(data["index"]))
        if "choice" in data:
            return cls(choice=data["choice"])
        return cls()


def check_ballot(kind: str, settings: Mapping[str, Any], *, tokens: Mapping[str, Any] | None = None,
                 value: Any = None) -> Ballot:
    """The ballot if it respects the module as it applies to this proposal; an empty ballot (no tokens) means
    'withdraw my vote'. Budgets across proposals are not checked here: they are a condition of the write."""
    if kind == "tokens":
        if value is not None or tokens is None:
            raise InvalidVote("tokens", "a token vote gives 'tokens': {category_id: number}")
        categories = {c["id"]: c for c in settings["categories"]}
        given: dict[str, int] = {}
        for category_id, count in tokens.items():
            if category_id not in categories:
                raise InvalidVote(f"tokens.{category_id}", "is not a category of this module")
            if isinstance(count, bool) or not isinstance(count, int) or count < 0:
                raise InvalidVote(f"tokens.{category_id}", "must be a whole number of tokens, 0 or more")
            maximum = categories[category_id]["max_per_proposal"]
            if count > maximum:
                raise InvalidVote(f"tokens.{category_id}", f"at most {maximum} tokens of this category on one "
                                  "proposal", code="over_proposal_maximum")
            if count:
                given[category_id] = count
        if settings.get("exclusive") and len(given) > 1:
            raise InvalidVote("tokens", "tokens of one category only on a proposal (the categories are exclusive)",
                              code="exclusive_categories")
        return Ballot(tokens=given)
    if tokens is not None:
        raise InvalidVote("tokens", "only token modules take tokens")
    if kind == "gauge":
        if isinstance(value, str) or value is None:
            raise InvalidVote("value", "a gauge vote gives a number 'value'")
        number = decimal(value, "value")
        values = scale_values(settings)
        if number not in values:
            raise InvalidVote("value", "is not on this gauge's scale", code="not_on_scale")
        return Ballot(value=number, index=values.index(number))
    if kind == "binary":
        if value not in BINARY_VALUES:
            raise InvalidVote("value", "must be 'for' or 'against'")
        return Ballot(choice=value)
    raise InvalidVote("kind", f"unknown module kind {kind}")


def purse_changes(old: Ballot | None, new: Ballot | None) -> dict[str, int]:
    """How a token purse moves when a ballot changes: category -> delta (non-zero only)."""
    changes: Counter[str] = Counter()
    for ballot, sign in ((old, -1), (new, 1)):
        if ballot is not None:
            for category_id, count in ballot.tokens.items():
                changes[category_id] += sign * count
    return {k: v for k, v in changes.items() if v}


def purse_limits(settings: Mapping[str, Any], changes: Mapping[str, int]) -> dict[str, int]:
    """For each category whose spending grows: the most that may already be spent for the change to fit the
    budget (spent + delta <= budget, i.e. spent <= budget - delta). This is the condition of the write."""
    budgets = {c["id"]: c["budget"] for c in settings["categories"]}
    return {category_id: budgets[category_id] - delta for category_id, delta in changes.items() if delta > 0}


def tally_changes(kind: str, old: Ballot | None, new: Ballot | None) -> dict[str, int]:
    """What a ballot change adds to its proposal's tally (attribute -> delta): `voters`, `tok_{category}`,
    `g_{index}` (count per gauge value), `b_for` / `b_against`."""
    old = None if old is None or old.empty else old
    new = None if new is None or new.empty else new
    changes: Counter[str] = Counter()
    if old is None and new is not None:
        changes["voters"] += 1
    elif old is not None and new is None:
        changes["voters"] -= 1
    for ballot, sign in ((old, -1), (new, 1)):
        if ballot is None:
            continue
        if kind == "tokens":
            for category_id, count in ballot.tokens.items():
                changes[f"tok_{category_id}"] += sign * count
        elif kind == "gauge":
            changes[f"g_{ballot.index}"] += sign
        else:
            changes[f"b_{ballot.choice}"] += sign
    return {k: v for k, v in changes.items() if v}


@dataclass
class BallotBox:
    """The rules of one token module applied to ballots in memory, one at a time: the reference the storage is
    tested against (a ballot is refused as a whole when it would overspend a category)."""
    settings: dict[str, Any]
    ballots: dict[tuple[str, str], Ballot] = field(default_factory=dict)  # (voter, proposal) -> ballot
    spent: dict[tuple[str, str], int] = field(default_factory=dict)  # (voter, category) -> tokens

    def cast(self, voter: str, proposal: str, tokens: Mapping[str, int]) -> bool:
        new = check_ballot("tokens", self.settings, tokens=tokens)
        old = self.ballots.get((voter, proposal))
        changes = purse_changes(old, new)
        limits = purse_limits(self.settings, changes)
        if any(self.spent.get((voter, c), 0) > limit for c, limit in limits.items()):
            return False
        for category_id, delta in changes.items():
            self.spent[(voter, category_id)] = self.spent.get((voter, category_id), 0) + delta
        if new.empty:
            self.ballots.pop((voter, proposal), None)
        else:
            self.ballots[(voter, proposal)] = new
        return True


# --- the vote window, the order of proposals, results --------------------------------------------------------------

def window_state(phase: Mapping[str, Any] | None, now_iso: str, *, debate_open: bool = True) -> str:
    """upcoming | open | closed. Instants are UTC ISO strings of one width, so they compare as text; the start
    is inclusive and the end exclusive. A session whose phase is gone, or whose debate is closed, is closed."""
    if phase is None or not debate_open:
        return "closed"
    if now_iso < phase["start"]:
        return "upcoming"
    if phase.get("end") is not None and now_iso >= phase["end"]:
        return "closed"
    return "open"


def results_visible(visibility: str, state: str, *, organiser: bool) -> bool:
    return organiser or visibility == "live" or state == "closed"


def stable_order(session_id: str, user_id: str, proposal_ids: Iterable[str]) -> list[str]:
    """A random-looking order of the proposals that is the same every time for one participant in one session,
    and different from one participant to another."""
    def rank(proposal_id: str) -> bytes:
        return hashlib.sha256(f"{session_id}\x1f{user_id}\x1f{proposal_id}".encode()).digest()

    return sorted(proposal_ids, key=rank)


def pseudonym(secret: str, user_id: str) -> str:
    """A stable pseudonym of a voter within one session (the secret is the session's); it does not reveal the
    user id and differs between sessions."""
    digest = hmac.new(secret.encode(), user_id.encode(), hashlib.sha256).digest()
    return "voter-" + base64.b32encode(digest[:10]).decode().lower()


def mean(distribution: Iterable[tuple[Decimal, int]]) -> Decimal | None:
    pairs = [(v, c) for v, c in distribution if c]
    total = sum(c for _, c in pairs)
    if total <= 0:
        return None
    return sum(v * c for v, c in pairs) / total


def median(distribution: Iterable[tuple[Decimal, int]]) -> Decimal | None:
    """The median of the votes described by (value, count) pairs; with an even number of votes, the mean of the
    two middle votes."""
    pairs = sorted((v, c) for v, c in distribution if c > 0)
    total = sum(c for _, c in pairs)
    if total <= 0:
        return None
    lower_rank, upper_rank = (total - 1) // 2, total // 2  # 0-based ranks of the middle vote(s)
    lower = upper = None
    seen = 0
    for value, count in pairs:
        if lower is None and lower_rank < seen + count:
            lower = value
        if upper_rank < seen + count:
            upper = value
            break
        seen += count
    return (lower + upper) / 2


def gauge_summary(settings: Mapping[str, Any], counts: Mapping[int, int]) -> dict[str, Any]:
    """Counts per value (every value of the scale, in order), the number of votes, the mean and the median."""
    values = scale_values(settings)
    distribution = [(value, int(counts.get(index, 0))) for index, value in enumerate(values)]
    return {"distribution": distribution, "votes": sum(c for _, c in distribution),
            "mean": mean(distribution), "median": median(distribution)}


def has_opened(phase_start: str, now_iso: str) -> bool:
    """A session's vote has opened once its phase has started (whatever happened since: closed, ended)."""
    return phase_start <= now_iso


def starts_later(old_start: str, new_start: str, now_iso: str) -> bool:
    """A change of a phase that moves its start later, into the future: its votes would be 'upcoming' again."""
    return new_start > old_start and new_start > now_iso

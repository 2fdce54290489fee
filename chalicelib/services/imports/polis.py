"""`palabre import polis FOLDER`: a Polis open-data conversation becomes a debate.

Statements become statement posts (rejected ones, moderated = -1, are kept as rejected and not shown), votes
become stances (the latest row per voter and statement wins), authors and voters become pseudonymous
participants. Ids are derived from the source, and counters are written absolutely into the import's own
shard, so a re-run creates nothing new and counts nothing twice."""
from __future__ import annotations

import os
import time
from dataclasses import dataclass

from chalicelib.domain import clock, ids, language, text
from chalicelib.services.imports.common import (ImportFailed, ImportSummary, as_int, debate_slug, put_new,
                                                read_csv, write_batches)
from chalicelib.storage import debates_repo, keys, members_repo, posts_repo, summaries_repo
from chalicelib.storage.summary_models import imported_event
from chalicelib.storage.models import Debate, Idea, IdeaContributor, Mark, Phase, Post, User

VOTE_VALUES = {"1": "agree", "-1": "disagree", "0": "pass"}
CASE_STUDIES = {
    "london.youth.policing": "https://compdemocracy.org/case-studies/2022-london-youth-policing",
    "scoop-hivemind.affordable-housing": "https://compdemocracy.org/case-studies/2017-scoop-hivemind-affordable-housing",
    "vtaiwan.uberx": "https://compdemocracy.org/case-studies/2015-vtaiwan-uberx",
    "austria-climate.5twd2jsnkf.2022-08-08": "https://compdemocracy.org/case-studies/2022-Austria-Klimarat",
    "bg2050-volunteers": "https://github.com/compdemocracy/openData/tree/master/bg2050-volunteers",
}


def attribution(folder_name: str, conversation_url: str | None) -> str:
    where = CASE_STUDIES.get(folder_name) or conversation_url or "https://github.com/compdemocracy/openData"
    return ("Data was gathered using the Polis software (compdemocracy.org/polis) and is sub-licensed under "
            "CC BY 4.0 with Attribution to The Computational Democracy Project. The data and more information "
            f"about how the data was collected can be found at the following link: {where}")


@dataclass
class Statement:
    comment_id: int
    author: str
    timestamp: int
    body: str
    rejected: bool


@dataclass
class Conversation:
    folder_name: str
    topic: str
    description: str
    url: str | None
    statements: list[Statement]
    votes: dict[tuple[str, int], tuple[int, str]]  # (voter, comment) -> (timestamp, value), latest wins


def read_folder(folder: str) -> Conversation:
    if not os.path.isdir(folder):
        raise ImportFailed(f"{folder}: not a folder")
    summary = {row["key"]: row["value"] for row in read_csv(folder, "summary.csv", set(), header=False)}
    comments_path = os.path.join(folder, "comments.csv")
    comments = read_csv(folder, "comments.csv", {"timestamp", "comment-id", "author-id", "moderated", "comment-body"})
    statements = []
    for line, row in enumerate(comments, start=2):
        statements.append(Statement(
            comment_id=as_int(row["comment-id"], comments_path, line, "comment-id"),
            author=str(as_int(row["author-id"], comments_path, line, "author-id")),
            timestamp=as_int(row["timestamp"], comments_path, line, "timestamp"),
            body=row["comment-body"] or "",
            rejected=row["moderated"].strip() == "-1",
        ))
    known = {s.comment_id for s in statements}
    votes_path = os.path.join(folder, "votes.csv")
    votes: dict[tuple[str, int], tuple[int, str]] = {}
    for line, row in enumerate(read_csv(folder, "votes.csv", {"timestamp", "comment-id", "voter-id", "vote"}),
                               start=2):
        comment_id = as_int(row["comment-id"], votes_path, line, "comment-id")
        value = VOTE_VALUES.get(row["vote"].strip())
        if value is None:
            raise ImportFailed(f"{votes_path}, line {line}: vote should be 1, -1 or 0, got {row['vote']!r}")
        if comment_id not in known:
            raise ImportFailed(f"{votes_path}, line {line}: comment-id {comment_id} is not in comments.csv")
        voter = str(as_int(row["voter-id"], votes_path, line, "voter-id"))
        stamp = as_int(row["timestamp"], votes_path, line, "timestamp")
        key = (voter, comment_id)
        if key not in votes or votes[key][0] <= stamp:
            votes[key] = (stamp, value)
    if not statements:
        raise ImportFailed(f"{comments_path}: no statements")
    return Conversation(os.path.basename(os.path.normpath(folder)), (summary.get("topic") or "").strip(),
                        summary.get("conversation-description") or "", summary.get("url"), statements, votes)


def import_polis(folder: str, slug: str | None = None, *, progress: bool = True) -> ImportSummary:
    started = time.monotonic()
    conversation = read_folder(folder)
    slug = debate_slug(folder, slug)
    lang = language.guess_language([s.body for s in conversation.statements])
    summary = ImportSummary(slug)
    summary.rows_read = len(conversation.statements) + len(conversation.votes)
    first_ms = min(s.timestamp for s in conversation.statements)
    topic = text.clean_line(conversation.topic) or conversation.folder_name
    description = text.markdown_to_paragraphs(conversation.description)[:5000]  # Polis writes Markdown

    debate = Debate(keys.debate(slug), keys.DEBATE_META, slug=slug, title={lang: topic[:200]},
                    description={lang: description}, languages=[lang],
                    default_language=lang, visibility="public", status="open", timezone="UTC",
                    phases=[Phase(id=ids.stable_id(first_ms, slug, "phase"), name={lang: "Conversation"},
                                  start=clock.from_ms(first_ms), end=None)],
                    attribution=attribution(conversation.folder_name, conversation.url),
                    source={"kind": "polis", "url": conversation.url or "", "folder": conversation.folder_name},
                    premoderation=False, created_at=clock.from_ms(first_ms), created_by=None,
                    gsi1pk=keys.PUBLIC_DEBATES, gsi1sk=f"{clock.from_ms(first_ms)}#{slug}")
    existing = debates_repo.get_debate(slug)
    if existing is not None and (existing.source.as_dict() if existing.source else {}).get("folder") != conversation.folder_name:
        raise ImportFailed(f"debate '{slug}' already exists and was not imported from this folder; use --slug")
    summary.created["debates"] = int(posts_repo.put_if_absent(debate))
    summary.totals["debates"] = 1

    idea_id = ids.stable_id(first_ms, slug, "idea")
    published = [s for s in conversation.statements if not s.rejected]
    authors: dict[str, int] = {}
    for s in published:
        authors[s.author] = authors.get(s.author, 0) + 1
    idea = Idea(keys.ideas(slug), keys.idea_sk(idea_id), idea_id=idea_id, parent_id=None, order=1.0,
                title={lang: topic[:200]}, description={lang: description},
                post_count=len(published), contributor_count=len(authors), created_at=clock.from_ms(first_ms))
    summary.created["ideas"] = int(posts_repo.put_if_absent(idea))
    summary.totals["ideas"] = 1

    # Participants: everyone who wrote or voted, under a pseudonym that only repeats Polis's own number.
    first_seen: dict[str, int] = {}
    for s in conversation.statements:
        first_seen[s.author] = min(first_seen.get(s.author, s.timestamp), s.timestamp)
    for (voter, _), (stamp, _) in conversation.votes.items():
        first_seen[voter] = min(first_seen.get(voter, stamp), stamp)
    user_ids = {pid: ids.stable_id(0, slug, "polis-participant", pid) for pid in first_seen}
    people: list = [IdeaContributor(keys.ideas(slug), keys.idea_contributor_sk(idea_id, user_ids[a]), n=n)
                    for a, n in authors.items()]
    for pid, stamp in first_seen.items():
        uid = user_ids[pid]
        people.append(User(keys.user(uid), keys.USER_SK, user_id=uid, display_name=f"Polis participant {pid}",
                           email=None, platform_roles=[], created_at=clock.from_ms(stamp), imported=True))
        people.append(members_repo.member_for_import(slug, uid, clock.from_ms(stamp)))
    write_batches(people, "people", progress)
    summary.totals["participants"] = len(first_seen)

    # Stances first, then posts carrying their counts: a post exists only once its counts are complete.
    post_ids = {s.comment_id: ids.stable_id(s.timestamp, slug, "polis-comment", str(s.comment_id))
                for s in conversation.statements}
    marks = [Mark(keys.member(slug, user_ids[voter]), keys.mark_sk(post_ids[cid], "stance"), value=value,
                  at=clock.from_ms(stamp)) for (voter, cid), (stamp, value) in conversation.votes.items()]
    write_batches(marks, "stances", progress, batch=1000)
    summary.totals["stances"] = len(marks)

    tallies: dict[int, dict[str, int]] = {}
    for (_, cid), (_, value) in conversation.votes.items():
        tallies.setdefault(cid, {"agree": 0, "disagree": 0, "pass": 0})[value] += 1
    new_posts = []
    for s in conversation.statements:
        pid = post_ids[s.comment_id]
        body_html = text.plain_to_html(s.body)
        counts = tallies.get(s.comment_id, {"agree": 0, "disagree": 0, "pass": 0})
        created_at = clock.from_ms(s.timestamp)
        post = Post(keys.thread(slug, pid), keys.post_sk(pid), post_id=pid, thread_id=pid, parent_id=None,
                    idea_id=idea_id, author_id=user_ids[s.author], author_name=f"Polis participant {s.author}",
                    body_source=s.body, body_html=body_html, body_text=text.html_to_text(body_html), language=lang,
                    statement=True, state="rejected" if s.rejected else "published", created_at=created_at,
                    lsi1sk=pid, s_agree=counts["agree"], s_disagree=counts["disagree"], s_pass=counts["pass"],
                    moderation={"action": "rejected", "by": "polis", "at": created_at} if s.rejected else None)
        if not s.rejected:
            post.gsi1pk, post.gsi1sk = keys.idea_posts(slug, idea_id), f"{created_at}#{pid}"
        new_posts.append(post)
    shown = [post for post in new_posts if post.state == "published"]
    summary.created["posts"] = put_new(shown, "posts", progress)
    summary.totals["posts"] = len(published)
    summary.created["rejected"] = put_new([post for post in new_posts if post.state != "published"], "rejected",
                                          progress)
    summary.totals["rejected"] = len(conversation.statements) - len(published)

    # Activity events with the source's instants, so that summaries show the conversation's real history.
    events = [imported_event(slug, "post", user_ids[s.author], clock.from_ms(s.timestamp), idea_id=idea_id,
                             thread_id=post_ids[s.comment_id], post_id=post_ids[s.comment_id]) for s in published]
    events += [imported_event(slug, "stance", user_ids[voter], clock.from_ms(stamp), idea_id=idea_id,
                              thread_id=post_ids[cid], post_id=post_ids[cid], value=value)
               for (voter, cid), (stamp, value) in conversation.votes.items()]
    write_batches(events, "events", progress, batch=1000)
    now = clock.now_iso()
    summaries_repo.record_import(slug, "polis", {e.pk.split("#")[3] for e in events}, now)
    debates_repo.set_import_counter(slug, "polis", posts=len(published), participants=len(first_seen),
                                    stances=len(marks), last_activity=now)
    summary.seconds = time.monotonic() - started
    return summary

"""Curating the table of ideas: per-idea counts stay exact through posting, reacting, moving, splitting, merging."""
SLUG = "climat-2027"


def counts(api):
    _, ideas = api.get(f"/debates/{SLUG}/ideas")
    return {i["id"]: i["counts"] for i in ideas["items"]}


def new_idea(api, cast, title):
    status, idea = api.post(f"/debates/{SLUG}/ideas", {"title": {"fr": title}}, who=cast["moderator"])
    assert status == 201
    return idea["id"]


def test_counts_follow_posts_reactions_and_moves(api, cast):
    a, b = cast["idea"]["id"], new_idea(api, cast, "Vélo")
    p, o = cast["participant"], cast["other"]
    _, t1 = api.post(f"/debates/{SLUG}/ideas/{a}/posts", {"body": "Un"}, who=p)
    _, t2 = api.post(f"/debates/{SLUG}/ideas/{a}/posts", {"body": "Deux"}, who=p)
    _, r1 = api.post(f"/debates/{SLUG}/posts/{t1['id']}/replies", {"body": "Réponse"}, who=o)
    api.put(f"/debates/{SLUG}/posts/{t1['id']}/reactions/like", who=o)
    api.put(f"/debates/{SLUG}/posts/{r1['id']}/reactions/more_info", who=p)
    assert counts(api)[a] == {"posts": 3, "contributors": 2, "extracts": 0, "reactions": 2}

    status, moved = api.post(f"/debates/{SLUG}/posts/{t1['id']}/move", {"idea_id": b}, who=cast["moderator"])
    assert status == 200 and moved["idea_id"] == b
    c = counts(api)
    assert c[a] == {"posts": 1, "contributors": 1, "extracts": 0, "reactions": 0}
    assert c[b] == {"posts": 2, "contributors": 2, "extracts": 0, "reactions": 2}
    # Reactions and replies in the moved thread now count in its new idea.
    api.put(f"/debates/{SLUG}/posts/{r1['id']}/reactions/like", who=o)
    api.post(f"/debates/{SLUG}/posts/{r1['id']}/replies", {"body": "Encore"}, who=cast["harvester"])
    c = counts(api)
    assert c[b] == {"posts": 3, "contributors": 3, "extracts": 0, "reactions": 3}
    assert c[a]["posts"] == 1
    # Deleting the other person's only post in b lowers contributors there.
    api.delete(f"/debates/{SLUG}/posts/{r1['id']}", who=o)
    assert counts(api)[b]["contributors"] == 2
    _, listed = api.get(f"/debates/{SLUG}/ideas/{b}/posts")
    assert [x["id"] for x in listed["items"]] == [t1["id"]]
    assert api.post(f"/debates/{SLUG}/posts/{t2['id']}/move", {"idea_id": b}, who=p)[0] == 403


def test_split_and_merge(api, cast):
    a = cast["idea"]["id"]
    p = cast["participant"]
    posts = [api.post(f"/debates/{SLUG}/ideas/{a}/posts", {"body": f"Message {n}"}, who=p)[1] for n in range(3)]
    _, e = api.post(f"/debates/{SLUG}/posts/{posts[0]['id']}/extracts",
                    {"idea_id": a, "start": 0, "end": 9, "nature": "issue"}, who=cast["harvester"])
    status, split = api.post(f"/debates/{SLUG}/ideas/{a}/split",
                             {"title": {"fr": "Sous-thème"}, "post_ids": [posts[0]["id"]], "extract_ids": [e["id"]]},
                             who=cast["moderator"])
    assert status == 201, split
    new = split["idea"]["id"]
    assert split["idea"]["counts"] == {"posts": 1, "contributors": 1, "extracts": 1, "reactions": 0}
    assert split["source"]["counts"]["posts"] == 2 and split["source"]["counts"]["extracts"] == 0
    status, merged = api.post(f"/debates/{SLUG}/ideas/{new}/merge", {"into_id": a}, who=cast["moderator"])
    assert status == 200 and merged["done"]
    assert merged["into"]["counts"] == {"posts": 3, "contributors": 1, "extracts": 1, "reactions": 0}
    assert new not in counts(api)
    status, error = api.post(f"/debates/{SLUG}/ideas/{new}/posts", {"body": "Trop tard"}, who=p)
    assert status == 409 and error["error"]["code"] == "idea_merged"
    status, error = api.post(f"/debates/{SLUG}/ideas/{a}/merge", {"into_id": a}, who=cast["moderator"])
    assert status == 422

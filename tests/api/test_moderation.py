"""Pre-moderation, flags, the moderation queue and the audit log."""
SLUG = "climat-2027"


def test_flags_queue_and_audit(api, cast):
    idea = cast["idea"]["id"]
    _, post = api.post(f"/debates/{SLUG}/ideas/{idea}/posts", {"body": "Un message douteux"}, who=cast["participant"])
    assert api.put(f"/debates/{SLUG}/posts/{post['id']}/flag", {"reason": "spam"}, who=cast["participant"])[0] == 409
    for who in ("other", "harvester"):
        assert api.put(f"/debates/{SLUG}/posts/{post['id']}/flag", {"reason": "abuse"}, who=cast[who])[0] == 200
    assert api.put(f"/debates/{SLUG}/posts/{post['id']}/flag", {"reason": "spam"}, who=cast["other"])[0] == 200
    assert api.get(f"/debates/{SLUG}/moderation/queue", who=cast["participant"])[0] == 403
    _, queue = api.get(f"/debates/{SLUG}/moderation/queue", who=cast["moderator"])
    [entry] = queue["items"]
    assert entry["post"]["id"] == post["id"] and entry["flags"] == 2 and entry["reasons"] == ["abuse"]
    status, rejected = api.post(f"/debates/{SLUG}/posts/{post['id']}/moderation",
                                {"state": "rejected", "reason": "insultant"}, who=cast["moderator"])
    assert status == 200 and rejected["state"] == "rejected"
    assert api.get(f"/debates/{SLUG}/moderation/queue", who=cast["moderator"])[1]["items"] == []
    assert api.get(f"/debates/{SLUG}/audit", who=cast["moderator"])[0] == 403
    _, audit = api.get(f"/debates/{SLUG}/audit", who=cast["organiser"])
    actions = [e["action"] for e in audit["items"]]
    assert actions[0] == "moderate_rejected" and "set_roles" in actions
    assert audit["items"][0]["details"]["reason"] == "insultant"
    assert audit["items"][0]["actor"]["id"] == cast["moderator"].user_id


def test_premoderation_queue(api, cast):
    api.patch(f"/debates/{SLUG}", {"premoderation": True}, who=cast["organiser"])
    idea = cast["idea"]["id"]
    _, post = api.post(f"/debates/{SLUG}/ideas/{idea}/posts", {"body": "En attente", "statement": True},
                       who=cast["participant"])
    assert post["state"] == "pending"
    _, queue = api.get(f"/debates/{SLUG}/moderation/queue", who=cast["moderator"])
    assert [e["post"]["id"] for e in queue["items"]] == [post["id"]] and queue["items"][0]["pending"]
    # The server alone decides: a participant cannot publish their own post.
    assert api.post(f"/debates/{SLUG}/posts/{post['id']}/moderation", {"state": "published"},
                    who=cast["participant"])[0] == 403
    assert api.post(f"/debates/{SLUG}/posts/{post['id']}/moderation", {"state": "published"},
                    who=cast["moderator"])[1]["state"] == "published"
    assert api.get(f"/debates/{SLUG}/moderation/queue", who=cast["moderator"])[1]["items"] == []
    _, debate = api.get(f"/debates/{SLUG}")
    assert debate["counts"]["posts"] == 1

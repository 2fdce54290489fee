def test_post_reply_react_stance(api, cast):
    p = cast["participant"]
    idea = cast["idea"]["id"]
    status, post = api.post(f"/debates/climat-2027/ideas/{idea}/posts", {"body": "Plus de **trains**", "statement": True}, who=p)
    assert status == 201, post
    status, reply = api.post(f"/debates/climat-2027/posts/{post['id']}/replies", {"body": "Oui"}, who=cast["other"])
    assert status == 201, reply
    status, got = api.put(f"/debates/climat-2027/posts/{post['id']}/reactions/like", who=cast["other"])
    assert status == 200, got
    status, got = api.put(f"/debates/climat-2027/posts/{post['id']}/stance", {"value": "agree"}, who=cast["other"])
    assert status == 200, got
    assert got["stances"]["agree"] == 1 and got["reactions"]["like"] == 1 and got["mine"]["stance"] == "agree"
    status, thread = api.get(f"/debates/climat-2027/posts/{post['id']}/thread", who=p)
    assert [x["id"] for x in thread["items"]] == [post["id"], reply["id"]]
    status, debate = api.get("/debates/climat-2027")
    assert debate["counts"] == {"posts": 2, "participants": 2, "stances": 1, "extracts": 0}

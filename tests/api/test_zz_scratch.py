import json, base64
from tests.helpers import sign_in

def show(*a):
    print(*[json.dumps(x, ensure_ascii=True)[:400] if not isinstance(x, int) else x for x in a])

def test_scratch(api, cast):
    o = cast["organiser"]; p = cast["participant"]; idea = cast["idea"]["id"]
    show(*api.delete("/debates", who=o))
    show(*api.call("POST", "/debates", raw="<x/>", who=o, headers={"Content-Type": "application/xml"}))
    show(*api.get("/nope"))
    show(*api.get("/debates/" + "a"*3000))
    show(*api.get("/debates/climat-2027/ideas/" + "a"*1500 + "/posts"))
    show(*api.patch("/debates/climat-2027/ideas/" + "a"*1500, {"title": {"fr": "x"}}, who=o))
    show(*api.put("/debates/climat-2027/members/" + "a"*3000, {"roles": ["moderator"]}, who=o))
    key = {"gsi1pk": {"S": f"D#climat-2027#I#{idea}"}}
    cur = base64.urlsafe_b64encode(json.dumps(key).encode()).decode().rstrip("=")
    show(*api.get(f"/debates/climat-2027/ideas/{idea}/posts?cursor={cur}"))
    key = {"gsi1pk": {"S": f"D#climat-2027#I#{idea}"}, "gsi1sk": {"S": "x"}, "pk": {"S": "zz"}, "sk": {"S": "x"}, "foo": {"S": "y"}}
    cur = base64.urlsafe_b64encode(json.dumps(key).encode()).decode().rstrip("=")
    show(*api.get(f"/debates/climat-2027/ideas/{idea}/posts?cursor={cur}"))
    show(*api.post("/debates/climat-2027/ideas", raw="["*60000, who=o))
    show(*api.post("/debates/climat-2027/ideas", {"title": {"fr": "a\ud800b\u0000c"}}, who=o))
    d = dict(__import__("tests.helpers").helpers.DEBATE, slug="old-one", phases=[{"name": {"fr": "x"}, "start": "0001-01-01T00:00:00+01:00"}])
    show(*api.post("/debates", d, who=o))
    show(*api.get("/debates?limit=0"))
    show(*api.get("/debates?limit=abc&x=1"))
    show(*api.get("/debates?limit=5&limit=7"))
    show(*api.post("/debates/climat-2027/ideas", {"title": {"fr": "x"}}, who=o, headers={"Idempotency-Key": "bad key!"}))

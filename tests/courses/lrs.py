"""A strict local LRS: a real HTTP server in a thread that applies the xAPI 1.0.3 rules a
conformant (and profile-validating) Learning Record Store applies to statements it receives.

- POST /statements (one statement or an array) answers 200 with the ids; PUT
  /statements?statementId= answers 204; GET /statements?statementId= returns the statement.
- A batch is all or nothing: any refused statement refuses the whole batch.
- Malformed statements get 400 with a message: missing actor, verb or object; an actor
  without exactly one identifier; IRIs that are not absolute; a registration that is not a
  UUID; a `contextActivities` of the wrong shape; two statements with one id in a batch;
  with `strict_profile`, a statement without registration or without grouping and a
  category of type profile.
- Conflicts (Communication §2.1.3): an id it already holds with different content → 409
  with a message; with the same content → accepted, nothing changes. `conflict_on_any_id`
  makes it answer 409 even for the same content (a non-conformant LRS).
"""

from __future__ import annotations

import json
import re
import threading
import time
import uuid
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

CONTEXT_ACTIVITY_KEYS = {"parent", "grouping", "category", "other"}
PROFILE_TYPE = "http://adlnet.gov/expapi/activities/profile"
LANGUAGE_TAG = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$")


class Invalid(Exception):
    pass


def _absolute_iri(value, where: str) -> None:
    parsed = urlparse(value) if isinstance(value, str) else None
    if not parsed or not parsed.scheme or not (parsed.netloc or parsed.scheme == "mailto"):
        raise Invalid(f"{where} must be an absolute IRI, got {value!r}")


def _uuid(value, where: str) -> None:
    try:
        if str(uuid.UUID(str(value))) != str(value).lower():
            raise ValueError
    except ValueError as error:
        raise Invalid(f"{where} must be a UUID, got {value!r}") from error


def _language_map(value, where: str) -> None:
    if not isinstance(value, dict) or not all(LANGUAGE_TAG.match(k) for k in value):
        raise Invalid(f"{where} must be a language map")


def _activity(activity, where: str) -> None:
    if not isinstance(activity, dict):
        raise Invalid(f"{where} must be an Activity object")
    if activity.get("objectType", "Activity") != "Activity":
        raise Invalid(f"{where}.objectType must be Activity")
    _absolute_iri(activity.get("id"), f"{where}.id")
    definition = activity.get("definition", {})
    if "type" in definition:
        _absolute_iri(definition["type"], f"{where}.definition.type")
    if "name" in definition:
        _language_map(definition["name"], f"{where}.definition.name")


def _agent(actor) -> None:
    if not isinstance(actor, dict):
        raise Invalid("actor is required")
    identifiers = [k for k in ("mbox", "mbox_sha1sum", "openid", "account") if k in actor]
    if len(identifiers) != 1:
        raise Invalid("an Agent needs exactly one inverse functional identifier")
    if "account" in actor:
        account = actor["account"]
        if set(account) != {"homePage", "name"}:
            raise Invalid("actor.account needs homePage and name")
        _absolute_iri(account["homePage"], "actor.account.homePage")
    if "mbox" in actor and not str(actor["mbox"]).startswith("mailto:"):
        raise Invalid("actor.mbox must be a mailto IRI")


def validate(statement, *, strict_profile: bool) -> None:
    """Raise Invalid with the message an LRS would answer for a malformed statement."""
    if not isinstance(statement, dict):
        raise Invalid("a statement must be an object")
    if "id" in statement:
        _uuid(statement["id"], "id")
    for required in ("actor", "verb", "object"):
        if required not in statement:
            raise Invalid(f"{required} is required")
    _agent(statement["actor"])
    verb = statement["verb"]
    if not isinstance(verb, dict):
        raise Invalid("verb must be an object")
    _absolute_iri(verb.get("id"), "verb.id")
    if "display" in verb:
        _language_map(verb["display"], "verb.display")
    _activity(statement["object"], "object")
    if "version" in statement and not re.fullmatch(r"1\.0(\.\d+)?", statement["version"]):
        raise Invalid("version must be 1.0.x")
    if "timestamp" in statement:
        try:
            stamp = datetime.fromisoformat(statement["timestamp"].replace("Z", "+00:00"))
        except (AttributeError, ValueError) as error:
            raise Invalid("timestamp must be an ISO 8601 date and time") from error
        if stamp.tzinfo is None:
            raise Invalid("timestamp needs a time zone")
    for lrs_only in ("stored", "authority"):
        if lrs_only in statement:
            raise Invalid(f"{lrs_only} is set by the LRS")
    context = statement.get("context", {})
    if not isinstance(context, dict):
        raise Invalid("context must be an object")
    if "registration" in context:
        _uuid(context["registration"], "context.registration")
    if "language" in context and not LANGUAGE_TAG.match(context["language"]):
        raise Invalid("context.language must be a language tag")
    activities = context.get("contextActivities", {})
    if not isinstance(activities, dict) or set(activities) - CONTEXT_ACTIVITY_KEYS:
        raise Invalid("contextActivities keys are parent, grouping, category and other")
    for key, value in activities.items():
        for i, activity in enumerate(value if isinstance(value, list) else [value]):
            _activity(activity, f"context.contextActivities.{key}[{i}]")
    if strict_profile:
        if "registration" not in context:
            raise Invalid("profile: context.registration is required")
        if not activities.get("grouping"):
            raise Invalid("profile: contextActivities.grouping is required")
        categories = activities.get("category") or []
        if not any(a.get("definition", {}).get("type") == PROFILE_TYPE for a in categories):
            raise Invalid("profile: a contextActivities.category of type profile is required")


def comparable(statement: dict) -> dict:
    return {k: v for k, v in statement.items() if k not in ("stored", "authority", "version")}


class StrictLrs:
    def __init__(
        self, *, strict_profile: bool = True, conflict_on_any_id: bool = False, delay: float = 0
    ):
        self.strict_profile = strict_profile
        self.delay = delay  # seconds before each answer (a real LRS takes its time)
        self.conflict_on_any_id = conflict_on_any_id
        self.unavailable = 0  # answer 503 to that many next requests
        self.stored: dict[str, dict] = {}
        self.requests: list[dict] = []  # method, ids, status, message
        self.lock = threading.Lock()
        lrs = self

        class Handler(BaseHTTPRequestHandler):
            def _answer(self, status, body=None, *, ids=(), message=""):
                if lrs.delay:
                    time.sleep(lrs.delay)
                lrs.requests.append(
                    {
                        "method": self.command,
                        "ids": list(ids),
                        "status": status,
                        "message": message,
                        "version": self.headers.get("X-Experience-API-Version"),
                    }
                )
                self.send_response(status)
                payload = b""
                if body is not None:
                    payload = json.dumps(body).encode()
                    self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def do_GET(self):
                query = parse_qs(urlparse(self.path).query)
                statement = lrs.stored.get((query.get("statementId") or [""])[0])
                if statement is None:
                    return self._answer(404, {"message": "no such statement"})
                return self._answer(200, {**statement, "stored": "2026-01-01T00:00:00Z"})

            def do_PUT(self):
                query = parse_qs(urlparse(self.path).query)
                body = self._body()
                if body is None:
                    return None
                if isinstance(body, dict):
                    body.setdefault("id", (query.get("statementId") or [""])[0])
                return self._store([body], ok=204)

            def do_POST(self):
                body = self._body()
                if body is None:
                    return None
                return self._store(body if isinstance(body, list) else [body], ok=200)

            def _body(self):
                if self.headers.get("X-Experience-API-Version", "")[:4] != "1.0.":
                    self._answer(400, {"message": "X-Experience-API-Version 1.0.x required"})
                    return None
                length = int(self.headers.get("Content-Length") or 0)
                try:
                    return json.loads(self.rfile.read(length))
                except ValueError:
                    self._answer(400, {"message": "the body is not JSON"})
                    return None

            def _store(self, statements, *, ok):
                ids = [s.get("id") for s in statements if isinstance(s, dict)]
                if lrs.unavailable:
                    lrs.unavailable -= 1
                    return self._answer(503, {"message": "down for maintenance"}, ids=ids)
                with lrs.lock:
                    try:
                        if len(set(ids)) != len(ids):
                            raise Invalid("the batch holds two statements with one id")
                        for statement in statements:
                            validate(statement, strict_profile=lrs.strict_profile)
                    except Invalid as error:
                        message = str(error)
                        return self._answer(400, {"message": message}, ids=ids, message=message)
                    for statement in statements:
                        held = lrs.stored.get(statement.get("id"))
                        if held is None:
                            continue
                        if lrs.conflict_on_any_id or comparable(held) != comparable(statement):
                            message = f"statement {statement['id']} conflicts with a stored one"
                            return self._answer(409, {"message": message}, ids=ids, message=message)
                    new_ids = []
                    for statement in statements:
                        statement_id = statement.setdefault("id", str(uuid.uuid4()))
                        lrs.stored.setdefault(statement_id, statement)
                        new_ids.append(statement_id)
                if ok == 204:
                    return self._answer(204, ids=new_ids)
                return self._answer(200, new_ids, ids=new_ids)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/xapi/"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def posted_ids(self) -> list[str]:
        """Every statement id of every accepted POST, in order (duplicates kept)."""
        accepted = [r for r in self.requests if r["method"] == "POST" and r["status"] < 300]
        return [statement_id for r in accepted for statement_id in r["ids"]]

    def close(self):
        self.server.shutdown()
        self.server.server_close()

"""Runs one moto server for an end-to-end test process (see tests/src/lib.rs).

Binds 127.0.0.1 on a free port, prints ``PORT <n>`` on stdout, then serves until
stdin reaches EOF (the test process exited or closed the pipe), and stops.
MOTO_ACCOUNT_ID is deliberately never set: accounts are chosen per request by
the credentials that sts:AssumeRole issues, which keeps tests isolated.

Five corrections make moto deliver what AWS delivers (see docs/ARCHITECTURE.md, "Trust").

First, AWS refuses a customer's PutEvents entry whose `Source` begins with `aws.`
(NotAuthorizedForSourceException); moto accepts it. The harness refuses it too, except for
requests carrying the header `x-autotag-harness-cloudtrail`, which only the tests' stand-in
for CloudTrail sends (`tests/src/org.rs`, `Org::emit`): moto emits no CloudTrail events, so
the tests play CloudTrail's part, and only that part may speak as AWS.

Second, AWS delivers the whole event to an SQS target, `account` included; moto's default
body leaves `account` out. The harness puts it in.

Third,
when a rule forwards an event to an event bus in another account or region, AWS keeps the
event's `account`, `region`, `id`, `time` and `resources` ("the event's account is the
account that sent it"), while moto 5.2 re-puts the event in the receiving account and so
rewrites `account` to the receiver's. The hub believes only the envelope's `account`, so
without this correction every forwarded event would look forged. The correction keeps the
original envelope fields across the hop and changes nothing else.

Fourth, EC2 `DeleteTags` without `Tags` deletes every user tag of the resources in AWS
("If you omit this parameter, we delete all user-defined tags for the specified resources",
API_DeleteTags); moto deletes nothing. The harness deletes them all (keys starting `aws:`
stay), so the tests of the stamps' repair see the removal an attacker would make.

Fifth, EC2 `DescribeSnapshots` with `OwnerIds` returns only the snapshots of those owners
(`self` is the caller's account) in AWS; moto ignores `OwnerIds` and returns the 1,301
snapshots of its built-in AMIs to every account. The harness applies `OwnerIds`, so
`autotag audit` sees the snapshots an account owns.

For the benchmark (`make bench-e2e`), the harness also counts calls and can inject faults;
neither changes an answer moto gives. Every AWS request that reaches the harness, faulted or
not (so retries count), is counted by `(service, action)`: the service from the SigV4
credential scope, the action from `X-Amz-Target`, else the `Action` parameter, else, for
REST, from the method and path (S3 operations by name where method and query tell them,
otherwise `METHOD bucket` / `METHOD object`; other services `METHOD /first-segment`).
Requests under `/__autotag/` and `/moto-api/` are not counted. Faults are off until asked
for; then each counted request, with the chosen probability (a seeded random draw), suffers
one fault of a kind drawn uniformly among `unavailable` (HTTP 503 `ServiceUnavailable`: a
service outage), `throttled` (the protocol's throttling error, with a code the SDKs' retry
classifiers take for throttling: AWS pushing back), `dropped` (the connection closes before
the request reaches moto: a network failure, nothing happened) and `lost_response` (moto
handles the request, then the connection closes without the answer: the call took effect,
the client cannot know it and retries). The control API, JSON in and out:

- `GET /__autotag/calls` returns `{"calls": [{"service", "action", "count"}, ...],
  "faults_injected": {kind: count}}`;
- `POST /__autotag/calls/reset` zeroes the call and fault counters;
- `GET /__autotag/faults` returns the fault settings, `{"rate": r, "seed": s}`;
- `POST /__autotag/faults` with `{"rate": r, "seed": s}` sets them (`rate` from 0 to 1, 0
  turns faults off; `seed`, an integer, defaults to 0 and restarts the random draws).
"""

import collections
import copy
import http
import io
import json
import logging
import os
import random
import re
import socket
import sys
import threading
import urllib.parse
import uuid

from moto.ec2.models import tags as ec2_tag_models
from moto.ec2.responses import elastic_block_store as ec2_responses_ebs
from moto.events import models as events_models
from moto.events import responses as events_responses
from moto.events import utils as events_utils
from moto.moto_server.werkzeug_app import (
    DomainDispatcherApplication,
    MotoRequestHandler,
    create_backend_app,
)
from werkzeug.serving import make_server

CLOUDTRAIL_STAND_IN_HEADER = "x-autotag-harness-cloudtrail"
_original_put_events = events_responses.EventsHandler.put_events


def _is_aws_source(entry):
    return str(entry.get("Source", "")).startswith("aws.")


def _put_events_refusing_aws_sources(self):
    if self.headers.get(CLOUDTRAIL_STAND_IN_HEADER):
        return _original_put_events(self)
    entries = self._get_param("Entries") or []
    allowed = [entry for entry in entries if not _is_aws_source(entry)]
    accepted = iter(self.events_backend.put_events(allowed) if allowed else [])
    results = []
    for entry in entries:
        if _is_aws_source(entry):
            results.append(
                {
                    "ErrorCode": "NotAuthorizedForSourceException",
                    "ErrorMessage": "Not authorized for the source.",
                }
            )
        else:
            results.append(next(accepted))
    failed = len([result for result in results if "ErrorCode" in result])
    return json.dumps({"FailedEntryCount": failed, "Entries": results})


events_responses.EventsHandler.put_events = _put_events_refusing_aws_sources

_DEFAULT_TEMPLATE = events_utils.EventTemplateParser.DEFAULT_EVENT_INPUT_TEMPLATE
if '"<account>"' not in _DEFAULT_TEMPLATE:
    events_utils.EventTemplateParser.DEFAULT_EVENT_INPUT_TEMPLATE = _DEFAULT_TEMPLATE.replace(
        '"source": "<source>",', '"source": "<source>", "account": "<account>",', 1
    )
    if '"<account>"' not in events_utils.EventTemplateParser.DEFAULT_EVENT_INPUT_TEMPLATE:
        raise RuntimeError("moto's default event template changed: the harness cannot add `account`")

# The event being forwarded across a bus hop, while its receiving bus's rules run.
_FORWARDING = threading.local()
_ENVELOPE_KEPT_ACROSS_BUSES = ("id", "account", "region", "time", "resources")
_original_send_to_targets = events_models.Rule.send_to_targets


def _send_to_targets_keeping_the_envelope(self, original_event, transform_input=True):
    forwarded = getattr(_FORWARDING, "event", None)
    if forwarded is not None:
        for key in _ENVELOPE_KEPT_ACROSS_BUSES:
            if key in forwarded:
                original_event[key] = copy.deepcopy(forwarded[key])
    _FORWARDING.event = original_event
    try:
        return _original_send_to_targets(self, original_event, transform_input)
    finally:
        _FORWARDING.event = forwarded


events_models.Rule.send_to_targets = _send_to_targets_keeping_the_envelope


_original_delete_tags = ec2_tag_models.TagBackend.delete_tags


def _delete_tags_all_when_none_named(self, resource_ids, tags):
    if tags:
        return _original_delete_tags(self, resource_ids, tags)
    for resource_id in resource_ids:
        for key in [k for k in self.tags.get(resource_id, {}) if not k.startswith("aws:")]:
            self.tags[resource_id].pop(key)
    return True


ec2_tag_models.TagBackend.delete_tags = _delete_tags_all_when_none_named


def _describe_snapshots_of_owners(self):
    owners = self._get_param("OwnerIds", [])
    if not owners:
        return _original_describe_snapshots(self)
    owners = {self.ec2_backend.account_id if o == "self" else o for o in owners}
    snapshots = self.ec2_backend.describe_snapshots(
        snapshot_ids=self._get_param("SnapshotIds", []),
        filters=self._filters_from_querystring(),
    )
    return ec2_responses_ebs.ActionResult(
        {"Snapshots": [s for s in snapshots if s.owner_id in owners]}
    )


_original_describe_snapshots = ec2_responses_ebs.ElasticBlockStore.describe_snapshots
ec2_responses_ebs.ElasticBlockStore.describe_snapshots = _describe_snapshots_of_owners


# Call counting and fault injection, for the benchmark (see the module docstring).

CONTROL_PREFIX = "/__autotag/"
MOTO_API_PREFIX = "/moto-api/"
FAULT_KINDS = ("unavailable", "throttled", "dropped", "lost_response")

_CREDENTIAL_SCOPE = re.compile(r"Credential=[^/,\s]+/\d{8}/[^/]+/([^/]+)/aws4_request")
_API_VERSION_SEGMENT = re.compile(r"^\d{4}-\d{2}-\d{2}$")

_S3_VERBS = {"GET": "Get", "PUT": "Put", "DELETE": "Delete"}
# S3 sub-resources (bare query keys, `?tagging`) whose operations are `<Verb>Bucket<Name>`
# on a bucket and `<Verb>Object<Name>` on an object.
_S3_SUBRESOURCES = {
    "acl": "Acl",
    "cors": "Cors",
    "encryption": "Encryption",
    "lifecycle": "LifecycleConfiguration",
    "location": "Location",
    "notification": "NotificationConfiguration",
    "ownershipControls": "OwnershipControls",
    "policy": "Policy",
    "tagging": "Tagging",
    "versioning": "Versioning",
}
_S3_BUCKET_OPERATIONS = {
    "PUT": "CreateBucket",
    "DELETE": "DeleteBucket",
    "HEAD": "HeadBucket",
    "GET": "ListObjects",
}
_S3_OBJECT_OPERATIONS = {
    "PUT": "PutObject",
    "DELETE": "DeleteObject",
    "HEAD": "HeadObject",
    "GET": "GetObject",
}

# (HTTP status, code, message) of each fault that answers; throttling by protocol, with
# codes in the SDKs' throttling lists (smithy-rs and botocore `THROTTLING_ERRORS`).
_UNAVAILABLE = (503, "ServiceUnavailable", "Service unavailable. Please try again later.")
_THROTTLING = {
    "query": (400, "Throttling", "Rate exceeded"),
    "ec2": (503, "RequestLimitExceeded", "Request limit exceeded."),
    "s3": (503, "SlowDown", "Please reduce your request rate."),
    "json": (400, "ThrottlingException", "Rate exceeded"),
}
# JSON protocols may qualify an error code as `<namespace>#<code>`, as DynamoDB does.
_JSON_ERROR_NAMESPACES = {"dynamodb": "com.amazonaws.dynamodb.v20120810#"}


class Call(collections.namedtuple("Call", "service action protocol")):
    """One AWS request: service, action, and the protocol its errors are written in
    (`query`, `ec2`, `s3` or `json`)."""

    __slots__ = ()


def buffer_body(environ):
    """Reads the request body and puts it back as a fresh stream, so that it can be read
    again, and returns it."""
    stream = environ["wsgi.input"]
    if environ.get("wsgi.input_terminated"):
        body = stream.read()
    else:
        body = stream.read(int(environ.get("CONTENT_LENGTH") or 0))
    environ["wsgi.input"] = io.BytesIO(body)
    return body


def describe_call(environ, body):
    """Names the service, action and error protocol of an AWS request."""
    service = _service(environ)
    method = environ["REQUEST_METHOD"]
    path = environ.get("PATH_INFO", "/")
    query = dict(urllib.parse.parse_qsl(environ.get("QUERY_STRING", ""), keep_blank_values=True))
    target = environ.get("HTTP_X_AMZ_TARGET")
    if target:
        return Call(service, target.rsplit(".", 1)[-1], "json")
    action = query.get("Action") or _form_params(environ, body).get("Action")
    if action:
        return Call(service, action, "ec2" if service == "ec2" else "query")
    if service == "s3":
        return Call(service, _s3_operation(method, path, query), "s3")
    return Call(service, _rest_action(method, path), "json")


def _service(environ):
    """The service of the SigV4 credential scope (header or presigned query), else `unknown`."""
    signature = environ.get("HTTP_AUTHORIZATION") or urllib.parse.unquote(
        environ.get("QUERY_STRING", "")
    )
    match = _CREDENTIAL_SCOPE.search(signature)
    return match.group(1) if match else "unknown"


def _form_params(environ, body):
    """The parameters of a form-encoded body (query protocol), else none."""
    if not environ.get("CONTENT_TYPE", "").startswith("application/x-www-form-urlencoded"):
        return {}
    return dict(urllib.parse.parse_qsl(body.decode("utf-8", "replace")))


def _s3_operation(method, path, query):
    """The S3 operation a path-style request makes, as far as method and query tell it,
    else `METHOD bucket` / `METHOD object`."""
    if query.get("x-id"):
        return query["x-id"]
    segments = [segment for segment in path.split("/") if segment]
    if not segments:
        return "ListBuckets" if method == "GET" else f"{method} /"
    level = "Bucket" if len(segments) == 1 else "Object"
    unnamed = f"{method} {level.lower()}"
    subresources = [key for key, value in query.items() if value == ""]
    if subresources:
        name = _S3_SUBRESOURCES.get(subresources[0])
        return f"{_S3_VERBS[method]}{level}{name}" if name and method in _S3_VERBS else unnamed
    if "uploadId" in query:
        return unnamed
    if level == "Bucket" and method == "GET" and query.get("list-type") == "2":
        return "ListObjectsV2"
    operations = _S3_BUCKET_OPERATIONS if level == "Bucket" else _S3_OBJECT_OPERATIONS
    return operations.get(method, unnamed)


def _rest_action(method, path):
    """`METHOD /first-segment` of a REST request, keeping the next segment too when the first
    is an API version date (`GET /2015-03-31/functions`)."""
    segments = [segment for segment in path.split("/") if segment]
    kept = 2 if segments and _API_VERSION_SEGMENT.match(segments[0]) else 1
    return f"{method} /{'/'.join(segments[:kept])}"


def error_response(call, status, code, message):
    """The (status, headers, body) of an AWS error in the call's protocol."""
    request_id = str(uuid.uuid4())
    if call.protocol == "json":
        code = _JSON_ERROR_NAMESPACES.get(call.service, "") + code
        body = json.dumps({"__type": code, "message": message})
        headers = [
            ("Content-Type", "application/x-amz-json-1.0"),
            ("x-amzn-ErrorType", code),
            ("x-amzn-RequestId", request_id),
        ]
    else:
        body = _xml_error_body(call.protocol, status, code, message, request_id)
        headers = [("Content-Type", "text/xml"), ("x-amz-request-id", request_id)]
    return status, headers, body.encode()


def _xml_error_body(protocol, status, code, message, request_id):
    """The XML error document of the query, EC2 or S3 protocol."""
    error = f"<Code>{code}</Code><Message>{message}</Message>"
    if protocol == "ec2":
        return (
            f"<Response><Errors><Error>{error}</Error></Errors>"
            f"<RequestID>{request_id}</RequestID></Response>"
        )
    if protocol == "s3":
        return f"<Error>{error}<RequestId>{request_id}</RequestId></Error>"
    fault_type = "Sender" if status < 500 else "Receiver"
    return (
        f"<ErrorResponse><Error><Type>{fault_type}</Type>{error}</Error>"
        f"<RequestId>{request_id}</RequestId></ErrorResponse>"
    )


class CallLedger:
    """Counts calls by (service, action) and injected faults by kind; thread-safe."""

    def __init__(self):
        self._lock = threading.Lock()
        self._calls = collections.Counter()
        self._faults = collections.Counter()

    def count_call(self, call):
        with self._lock:
            self._calls[(call.service, call.action)] += 1

    def count_fault(self, kind):
        with self._lock:
            self._faults[kind] += 1

    def reset(self):
        with self._lock:
            self._calls.clear()
            self._faults.clear()

    def snapshot(self):
        """The counts as the control API returns them."""
        with self._lock:
            calls = [
                {"service": service, "action": action, "count": count}
                for (service, action), count in sorted(self._calls.items())
            ]
            faults = {kind: self._faults[kind] for kind in FAULT_KINDS}
        return {"calls": calls, "faults_injected": faults}


class FaultPlan:
    """Draws, for each request, the fault it suffers, if any: with probability `rate`, a kind
    chosen uniformly; the draws follow a seeded random sequence. Thread-safe."""

    def __init__(self):
        self._lock = threading.Lock()
        self.configure(rate=0.0, seed=0)

    def configure(self, rate, seed):
        with self._lock:
            self._rate = rate
            self._seed = seed
            self._random = random.Random(seed)

    def settings(self):
        with self._lock:
            return {"rate": self._rate, "seed": self._seed}

    def draw(self):
        """A fault kind, or None for a request handled normally."""
        with self._lock:
            if self._rate == 0 or self._random.random() >= self._rate:
                return None
            return self._random.choice(FAULT_KINDS)


def parse_fault_settings(body):
    """`(rate, seed)` from a `POST /__autotag/faults` body; ValueError if malformed."""
    settings = json.loads(body or b"null")
    if not isinstance(settings, dict) or "rate" not in settings:
        raise ValueError('expected a JSON object {"rate": r, "seed": s}')
    rate, seed = settings["rate"], settings.get("seed", 0)
    if isinstance(rate, bool) or not isinstance(rate, (int, float)) or not 0 <= rate <= 1:
        raise ValueError("`rate` must be a number from 0 to 1")
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise ValueError("`seed` must be an integer")
    return float(rate), seed


def close_without_response(environ):
    """Closes the client's connection with nothing sent. Werkzeug takes the exception for a
    connection the client dropped: it sends nothing either, and closes the socket."""
    environ["werkzeug.socket"].shutdown(socket.SHUT_RDWR)
    raise ConnectionAbortedError("autotag harness: injected fault")


def run_to_completion(app, environ):
    """Lets the app handle the request entirely, discarding its response."""
    response = app(environ, lambda status, headers, exc_info=None: lambda data: None)
    try:
        for _chunk in response:
            pass
    finally:
        if hasattr(response, "close"):
            response.close()


class BenchmarkMiddleware:
    """WSGI middleware in front of moto: serves the control API under `/__autotag/`, counts
    every other AWS request and injects the faults the plan draws."""

    def __init__(self, app):
        self._app = app
        self._ledger = CallLedger()
        self._faults = FaultPlan()

    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO", "")
        if path.startswith(CONTROL_PREFIX):
            return self._control(environ, start_response)
        if path.startswith(MOTO_API_PREFIX):
            return self._app(environ, start_response)
        call = describe_call(environ, buffer_body(environ))
        self._ledger.count_call(call)
        fault = self._faults.draw()
        if fault is None:
            return self._app(environ, start_response)
        self._ledger.count_fault(fault)
        if fault == "dropped":
            close_without_response(environ)
        if fault == "lost_response":
            run_to_completion(self._app, environ)
            close_without_response(environ)
        status, code, message = (
            _UNAVAILABLE if fault == "unavailable" else _THROTTLING[call.protocol]
        )
        return _respond(start_response, *error_response(call, status, code, message))

    def _control(self, environ, start_response):
        """Serves the control API (see the module docstring)."""
        route = (environ["REQUEST_METHOD"], environ["PATH_INFO"])
        if route == ("GET", "/__autotag/calls"):
            return _json_response(start_response, 200, self._ledger.snapshot())
        if route == ("POST", "/__autotag/calls/reset"):
            self._ledger.reset()
            return _json_response(start_response, 200, self._ledger.snapshot())
        if route == ("GET", "/__autotag/faults"):
            return _json_response(start_response, 200, self._faults.settings())
        if route == ("POST", "/__autotag/faults"):
            try:
                rate, seed = parse_fault_settings(buffer_body(environ))
            except ValueError as error:
                return _json_response(start_response, 400, {"error": str(error)})
            self._faults.configure(rate, seed)
            return _json_response(start_response, 200, self._faults.settings())
        unknown = {"error": "no such control route: %s %s" % route}
        return _json_response(start_response, 404, unknown)


def _json_response(start_response, status, document):
    body = json.dumps(document).encode()
    return _respond(start_response, status, [("Content-Type", "application/json")], body)


def _respond(start_response, status, headers, body):
    start_response(
        f"{status} {http.HTTPStatus(status).phrase}",
        headers + [("Content-Length", str(len(body)))],
    )
    return [body]


def main() -> int:
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    app = BenchmarkMiddleware(DomainDispatcherApplication(create_backend_app))
    server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=MotoRequestHandler)
    serving = threading.Thread(target=server.serve_forever, daemon=True)
    serving.start()
    sys.stdout.write(f"PORT {server.server_port}\n")
    sys.stdout.flush()
    # The parent stops reading stdout after the PORT line: send anything moto
    # might print later to /dev/null instead of a pipe nobody drains.
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)
    try:
        # Block until the parent closes our stdin (EOF), discarding any input.
        while sys.stdin.buffer.read(4096):
            pass
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
        serving.join()
    return 0


if __name__ == "__main__":
    sys.exit(main())

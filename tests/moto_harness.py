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
"""

import copy
import logging
import os
import sys
import threading

import json

from moto.ec2.models import tags as ec2_tag_models
from moto.ec2.responses import elastic_block_store as ec2_responses_ebs
from moto.events import models as events_models
from moto.events import responses as events_responses
from moto.events import utils as events_utils
from moto.server import ThreadedMotoServer

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


def main() -> int:
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    _host, port = server.get_host_and_port()
    sys.stdout.write(f"PORT {port}\n")
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
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Runs one moto server for an end-to-end test process (see tests/src/lib.rs).

Binds 127.0.0.1 on a free port, prints ``PORT <n>`` on stdout, then serves until
stdin reaches EOF (the test process exited or closed the pipe), and stops.
MOTO_ACCOUNT_ID is deliberately never set: accounts are chosen per request by
the credentials that sts:AssumeRole issues, which keeps tests isolated.
"""

import logging
import os
import sys

from moto.server import ThreadedMotoServer


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

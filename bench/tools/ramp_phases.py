"""The phases of run-all's `connections` ramp as a node's open descriptors show them, for the bench
tools that measure around the ramp (rss-breakdown.sh, ramp-threads.sh): warm-up rounds that open and
then close their connections, then the ramp to N."""
import os
import time


class Ramp:
    def __init__(self, pid):
        self.pid = pid
        self.base = self.fds()  # the node's own descriptors, before any connection

    def fds(self):
        return len(os.listdir(f'/proc/{self.pid}/fd'))

    def after_warmup(self, warmup, rounds=1):
        """Returns once `rounds` warm-up rounds of `warmup` connections have opened and closed, and the node settled."""
        for _ in range(rounds):
            while self.fds() < self.base + warmup * 0.95:
                time.sleep(0.02)
            while self.fds() > self.base + 50:
                time.sleep(0.02)
        time.sleep(1.5)

    def when_open(self, n):
        """Returns once (nearly) all `n` connections of the ramp are open."""
        while self.fds() < self.base + n * 0.99:
            time.sleep(0.05)

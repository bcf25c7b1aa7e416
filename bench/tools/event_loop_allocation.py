"""Bytes the node's event loops allocated over a whole run, per connection: from a JFR recording of
jdk.ThreadAllocationStatistics (bench/tools/thread-allocation.jfc), each loop's last running total.
Usage: event_loop_allocation.py RECORDING.jfr CONNECTIONS"""
import collections
import json
import subprocess
import sys

recording, connections = sys.argv[1], int(sys.argv[2])
out = subprocess.run(['jfr', 'print', '--json', '--events', 'jdk.ThreadAllocationStatistics', recording],
                     check=True, capture_output=True, text=True).stdout
totals = collections.Counter()
for event in json.loads(out)['recording']['events']:
    thread = event['values']['thread']['javaName']
    if thread.startswith('switchboard-io'):
        totals[thread] = max(totals[thread], event['values']['allocated'])
allocated = sum(totals.values())
print(f"event loops allocated {allocated / 1e6:.1f} MB over the run: {allocated / connections:,.0f} B per connection "
      f"opened (and closed), {connections:,} connections")

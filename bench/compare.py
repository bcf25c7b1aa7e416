#!/usr/bin/env python3
"""Two servers' results from several rounds side by side, per scenario: each round's figures, the
first server's as a share of the second's, and the median of those shares with how many rounds the
first server was ahead in. On this VM one round is not a finding (drift of up to 50 % within half an
hour); the median of interleaved rounds is (bench/pairs.sh runs them).

Usage: bench/compare.py FIRST SECOND DIR...     e.g. bench/compare.py switchboard uws /tmp/pairs/round-*
Reads DIR/FIRST-SCENARIO.json and DIR/SECOND-SCENARIO.json as bench/run-all.sh writes them."""
import glob
import json
import os
import statistics
import sys

# scenario kind -> (label, how to read it from a result, True when higher is better)
METRICS = {
    'connections': [
        ('handshakes per server CPU-s', lambda r: r['server']['handshakesPerCpuSecond'], True),
        # after several warm-up rounds the heap has grown already: the memory columns mean nothing
        ('RSS per connection, B', lambda r: r['server']['rssPerConnectionBytes']
            if r.get('warmup', {}).get('rounds', 1) <= 1 else None, False),
    ],
    'fanout': [
        ('deliveries per server CPU-s', lambda r: r['server']['deliveriesPerCpuSecond'], True),
        ('p99, ms', lambda r: r['fanout']['latency']['p99_us'] / 1000, False),
    ],
    'echo': [
        ('round trips per server CPU-s', lambda r: r['server']['roundTripsPerCpuSecond'], True),
        ('p99, ms', lambda r: r['echo']['latency']['p99_us'] / 1000, False),
    ],
}


def load(path):
    try:
        with open(path) as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def value(metric, result):
    try:
        return metric(result)
    except (KeyError, TypeError):
        return None


def number(v):
    return '-' if v is None else f'{v:,.0f}' if v >= 100 else f'{v:.1f}'


def main(first, second, dirs):
    scenarios = sorted({os.path.basename(p)[len(first) + 1:-len('.json')]
                        for d in dirs for p in glob.glob(os.path.join(d, f'{first}-*.json'))})
    if not scenarios:
        sys.exit(f'compare: no {first}-*.json in {" ".join(dirs)}')
    for scenario in scenarios:
        rounds = [(d, load(os.path.join(d, f'{first}-{scenario}.json')), load(os.path.join(d, f'{second}-{scenario}.json')))
                  for d in dirs]
        rounds = [r for r in rounds if r[1] and r[2]]
        if not rounds:
            continue
        kind = rounds[0][1].get('scenario')
        for label, metric, higher_is_better in METRICS.get(kind, []):
            if all(value(metric, a) is None for _, a, _ in rounds):
                continue
            print(f'\n{scenario}: {label} ({"higher" if higher_is_better else "lower"} is better)\n')
            print(f'| round | {first} | {second} | {first} / {second} |')
            print('|---|---|---|---|')
            shares = []
            for d, a, b in rounds:
                va, vb = value(metric, a), value(metric, b)
                share = va / vb if va is not None and vb else None
                if share is not None:
                    shares.append(share)
                print(f'| {os.path.basename(os.path.normpath(d))} | {number(va)} | {number(vb)} | '
                      f'{"-" if share is None else f"{100 * share:.0f} %"} |')
            if shares:
                ahead = sum(1 for s in shares if (s > 1 if higher_is_better else s < 1))
                print(f'\nmedian {100 * statistics.median(shares):.0f} % (range {100 * min(shares):.0f}-'
                      f'{100 * max(shares):.0f} %); {first} better in {ahead} of {len(shares)} rounds')
        threads(scenario, rounds, first, second)


def threads(scenario, rounds, *servers):
    """Where each server's measured CPU went by kind of thread (results of generators that record it)."""
    lines = []
    for d, *results in rounds:
        for server, r in zip(servers, results):
            by_kind = r.get('server', {}).get('threadCpuSeconds')
            if by_kind:
                top = ', '.join(f'{kind} {seconds:.2f}' for kind, seconds in list(by_kind.items())[:5])
                lines.append(f'| {os.path.basename(os.path.normpath(d))} | {server} | {top} |')
    if lines:
        print(f'\n{scenario}: server CPU seconds by kind of thread (largest five)\n')
        print('| round | server | threads |')
        print('|---|---|---|')
        print('\n'.join(lines))


if __name__ == '__main__':
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2], sys.argv[3:])

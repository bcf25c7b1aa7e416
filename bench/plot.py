#!/usr/bin/env python3
"""Plots a results directory of bench/run-all.sh with gnuplot (Debian gnuplot-nox): PNGs beside the JSON.

    bench/plot.py bench/results/<date>

- per-cpu-<scenario>.png: deliveries per server CPU-second, one bar per server;
- latency-<scenario>.png: publish-to-receive latency by percentile, one line per server;
- timeline-<scenario>.png: deliveries per second over the run, one line per server.
"""
import glob
import json
import os
import subprocess
import sys
import tempfile


def load(directory):
    runs = {}
    for path in sorted(glob.glob(os.path.join(directory, '*.json'))):
        with open(path) as f:
            r = json.load(f)
        name = os.path.basename(path)[:-5]
        server, scenario = r['label'], name[len(r['label']) + 1:]
        runs.setdefault(scenario, {})[server] = r
    return runs


def gnuplot(script):
    subprocess.run(['gnuplot'], input=script, text=True, check=True)


def main(directory):
    runs = load(directory)
    tmp = tempfile.mkdtemp()
    common = 'set terminal pngcairo size 900,500 font "sans,10"\nset grid\nset key outside right\n'
    for scenario, by_server in runs.items():
        fanout = {s: r for s, r in by_server.items() if 'fanout' in r}
        if fanout:
            bars = os.path.join(tmp, scenario + '-bars.dat')
            with open(bars, 'w') as f:
                for s, r in sorted(fanout.items(), key=lambda x: -x[1].get('server', {}).get('deliveriesPerCpuSecond', 0)):
                    f.write('"%s" %f\n' % (s, r.get('server', {}).get('deliveriesPerCpuSecond', 0) / 1e6))
            gnuplot(common + f'''set output "{directory}/per-cpu-{scenario}.png"
set title "{scenario}: deliveries per server CPU-second (millions; higher is better)"
set style fill solid 0.6
set boxwidth 0.6
set yrange [0:*]
unset key
plot "{bars}" using 0:2:xtic(1) with boxes
''')
            lines = []
            for s, r in sorted(fanout.items()):
                dat = os.path.join(tmp, f'{scenario}-{s}-lat.dat')
                with open(dat, 'w') as f:
                    for p, us in sorted(r['fanout']['latencyCurve'].items(), key=lambda x: float(x[0])):
                        p = float(p)
                        if p < 100:
                            f.write('%f %f\n' % (1 / (1 - p / 100), us / 1000))
                lines.append(f'"{dat}" using 1:2 with linespoints title "{s}"')
            gnuplot(common + f'''set output "{directory}/latency-{scenario}.png"
set title "{scenario}: publish-to-receive latency by percentile (lower is better)"
set logscale x
set logscale y
set xlabel "percentile"
set ylabel "ms"
set xtics ("50" 2, "90" 10, "99" 100, "99.9" 1000, "99.99" 10000)
plot {", ".join(lines)}
''')
        timelines = []
        for s, r in sorted(by_server.items()):
            pts = r.get('timeline', [])
            if len(pts) < 2:
                continue
            dat = os.path.join(tmp, f'{scenario}-{s}-time.dat')
            key = 'opened' if r['scenario'] == 'connections' else 'received'
            with open(dat, 'w') as f:
                for a, b in zip(pts, pts[1:]):
                    dt = b['t'] - a['t']
                    if dt > 0:
                        f.write('%f %f\n' % (b['t'], (b[key] - a[key]) / dt))
            timelines.append(f'"{dat}" using 1:2 with lines lw 2 title "{s}"')
        if timelines:
            what = 'connections opened' if scenario == 'connections' else 'messages received'
            gnuplot(common + f'''set output "{directory}/timeline-{scenario}.png"
set title "{scenario}: {what} per second at the generator"
set xlabel "seconds since start"
set ylabel "per second"
plot {", ".join(timelines)}
''')
    print('plots written to', directory)


if __name__ == '__main__':
    main(sys.argv[1] if len(sys.argv) > 1 else '.')

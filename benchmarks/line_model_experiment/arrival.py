"""Each set's rows from the rule version at its arrival (rules not yet tuned on it); A-C from the earliest (in-sample)."""
import os, sys, json, numpy as np
W = os.environ.get('LM_WORK', '/tmp/lm')
target = float(sys.argv[1]) if len(sys.argv) > 1 else 0.97
mode = sys.argv[2] if len(sys.argv) > 2 else 'causal'   # causal: train only on sets older than the fold; all: the other six
MAKER = sys.argv[3] if len(sys.argv) > 3 else 'gbm'
ARR = {'A': '6f4af6c', 'B': '6f4af6c', 'C': '6f4af6c', 'D': '6f4af6c', 'F': 'deed993', 'G': '3844e97', 'H': '6bc17ba'}
ORDER = 'ABCDFGH'
cache = {c: json.load(open(os.path.join(W, f'units-{c}.json'))) for c in set(ARR.values())}
rows = [r for s in ORDER for r in cache[ARR[s]] if r['set'] == s]
json.dump(rows, open(os.path.join(W, 'units-arrival.json'), 'w'))
sys.argv = ['cv', os.path.join(W, 'units-arrival.json')]
import cv
DUMP = []
tot = {k: dict(M=0, Mk=0, F=0, Fk=0, X=0, Xk=0) for k in ('a', 'b', 'c1', 'c2')}
for s in 'DFGH':
    test = cv.unit_set == s
    train_sets = [t for t in ORDER if t != s and (mode == 'all' or ORDER.index(t) < ORDER.index(s))]
    train = np.isin(cv.unit_set, train_sets); maker = getattr(cv, MAKER); allc = list(range(len(cv.names)))
    out = {'a': cv.counts_lines(test, cv.make_keep(cv.rule_keep_unit))}
    pin = cv.oof(train_sets, cv.idx_sh, maker); tb = cv.choose_threshold(train, pin, False, target)
    pb = np.full(len(cv.rows), np.nan); pb[test] = cv.fit_predict(train, test, cv.idx_sh, maker)
    out['b'] = cv.counts_lines(test, cv.make_keep(pb >= tb, False))
    pin = cv.oof(train_sets, allc, maker); tc = cv.choose_threshold(train, pin, True, target)
    lo, hi = cv.choose_override(train, pin, target)
    pc = np.full(len(cv.rows), np.nan); pc[test] = cv.fit_predict(train, test, allc, maker)
    out['c1'] = cv.counts_lines(test, cv.make_keep(pc >= tc))
    out['c2'] = cv.counts_lines(test, cv.make_keep(cv.override_decide(pc, lo, hi)))
    dec = cv.override_decide(pc, lo, hi); dec1 = pc >= tc
    for i in np.nonzero(test)[0]:
        r = cv.rows[i]
        for j, lab in enumerate(r['labels']):
            if lab in 'MFX':
                DUMP.append((r['page'], lab, bool(cv.make_keep(cv.rule_keep_unit)(i, j)), bool(cv.make_keep(dec1)(i, j)), bool(cv.make_keep(dec)(i, j)), r.get('text', '')))
    f = {k: cv.fig(v) for k, v in out.items()}
    for k in tot:
        for kk in tot[k]: tot[k][kk] += out[k][kk]
    print(f"{s} train {''.join(train_sets)} | a {f['a'][0]:.3f}/{f['a'][1]:.3f} | b {f['b'][0]:.3f}/{f['b'][1]:.3f} ({tb:.2f}) | c1 {f['c1'][0]:.3f}/{f['c1'][1]:.3f} ({tc:.2f}) | c2 {f['c2'][0]:.3f}/{f['c2'][1]:.3f} ({lo:.2f},{hi:.2f})", flush=True)
f = {k: cv.fig(v) for k, v in tot.items()}
print(f"pooled DFGH ({mode}) | a {f['a'][0]:.3f}/{f['a'][1]:.3f} | b {f['b'][0]:.3f}/{f['b'][1]:.3f} | c1 {f['c1'][0]:.3f}/{f['c1'][1]:.3f} | c2 {f['c2'][0]:.3f}/{f['c2'][1]:.3f}")
print('X kept out', {k: round(v[2], 3) for k, v in f.items()}, 'F lines', tot['a']['F'], 'M lines', tot['a']['M'])

json.dump(DUMP, open(os.path.join(W, f'dump-{mode}-{MAKER}.json'), 'w'))

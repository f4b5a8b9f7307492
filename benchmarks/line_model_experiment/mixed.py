"""Deployment-like: train on arrival-version rule outputs of six sets, apply to CURRENT rule outputs of the seventh."""
import os, sys, json, numpy as np
W = os.environ.get('LM_WORK', '/tmp/lm')
sys.argv = ['cv', os.path.join(W, 'units-arrival.json')]
import cv
cur = json.load(open(os.path.join(W, 'units-cur.json')))
names = cv.names
Xc = np.array([[r['f'][n] for n in names] for r in cur]); setc = np.array([r['set'] for r in cur])
rulec = np.array([r['rule'] == 'M' for r in cur]); Hc = np.array([r['rule'] == 'H' for r in cur])
def counts(mask, decide):
    c = dict(M=0, Mk=0, F=0, Fk=0, X=0, Xk=0)
    for i in np.nonzero(mask)[0]:
        r = cur[i]
        for j, lab in enumerate(r['labels']):
            if lab not in 'MFX': continue
            kept = r['hmatch'][j] if Hc[i] else decide[i]
            c[lab] += 1; c[lab + 'k'] += bool(kept)
    return c
tot = {k: dict(M=0, Mk=0, F=0, Fk=0, X=0, Xk=0) for k in ('a', 'c1', 'c2')}
allc = list(range(len(names)))
for s in cv.SETS:
    train_sets = [t for t in cv.SETS if t != s]; train = np.isin(cv.unit_set, train_sets) & (cv.y >= 0)
    pin = cv.oof(train_sets, allc, cv.gbm); tc = cv.choose_threshold(train, pin, True, 0.97); lo, hi = cv.choose_override(train, pin, 0.97)
    m = cv.gbm(); m.fit(cv.X_all[train], cv.y[train], sample_weight=cv.w[train])
    test = setc == s; p = np.zeros(len(cur)); p[test] = m.predict_proba(Xc[test])[:, 1]
    out = {'a': counts(test, rulec), 'c1': counts(test, p >= tc), 'c2': counts(test, np.where(rulec, p >= lo, p >= hi))}
    for k in tot:
        for kk in tot[k]: tot[k][kk] += out[k][kk]
    f = {k: cv.fig(v) for k, v in out.items()}
    print(s, ' | '.join(f"{k} {v[0]:.3f}/{v[1]:.3f}" for k, v in f.items()), f"thr {tc:.2f} lo/hi {lo:.2f}/{hi:.2f}", flush=True)
f = {k: cv.fig(v) for k, v in tot.items()}
print('pooled', ' | '.join(f"{k} {v[0]:.3f}/{v[1]:.3f}/X {v[2]:.3f}" for k, v in f.items()))

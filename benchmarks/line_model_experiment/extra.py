"""Feature importances of full-data models; (b) with A, B, C as one fold (they share six sites)."""
import os, sys, numpy as np
W = os.environ.get('LM_WORK', '/tmp/lm')
sys.argv = ['cv', os.path.join(W, 'units-cur.json')]
import cv
# feature importances of full-data models
for cols, lab in ((cv.idx_sh, 'b shallow'), (list(range(len(cv.names))), 'c1 all')):
    tr = cv.y >= 0; m = cv.gbm(); m.fit(cv.X_all[tr][:, cols], cv.y[tr], sample_weight=cv.w[tr])
    imp = sorted(zip(m.feature_importances_, [cv.names[i] for i in cols]), reverse=True)[:12]
    print(lab, 'nodes', sum(e[0].tree_.node_count for e in m.estimators_), 'top:', ', '.join(f'{n} {v:.2f}' for v, n in imp))
# (b) with A, B, C merged into one fold (they share 6 sites)
cv.unit_set = np.array(['A' if s in 'ABC' else s for s in cv.unit_set]); cv.SETS = sorted(set(cv.unit_set))
tot = dict(M=0, Mk=0, F=0, Fk=0, X=0, Xk=0); tota = dict(tot)
for s in cv.SETS:
    test = cv.unit_set == s; ts = [t for t in cv.SETS if t != s]; train = np.isin(cv.unit_set, ts)
    pin = cv.oof(ts, cv.idx_sh, cv.gbm); tb = cv.choose_threshold(train, pin, False, 0.97)
    p = np.zeros(len(cv.rows)); p[test] = cv.fit_predict(train, test, cv.idx_sh, cv.gbm)
    c = cv.counts_lines(test, cv.make_keep(p >= tb, False)); a = cv.counts_lines(test, cv.make_keep(cv.rule_keep_unit))
    for k in tot: tot[k] += c[k]; tota[k] += a[k]
    print(s, 'b', [round(x, 3) for x in cv.fig(c)], 'a', [round(x, 3) for x in cv.fig(a)])
print('pooled b (ABC one fold)', [round(x, 3) for x in cv.fig(tot)])

"""Time travel: rules as they were when a set arrived (not tuned on it) -> model over them, tested on that set."""
import os, sys, importlib, numpy as np
W = os.environ.get('LM_WORK', '/tmp/lm')
target = float(sys.argv[1]) if len(sys.argv) > 1 else 0.97
maker_name = sys.argv[2] if len(sys.argv) > 2 else 'gbm'
plan = [('D', '6f4af6c'), ('F', 'deed993'), ('G', '3844e97'), ('H', '6bc17ba')]
tot = {k: dict(M=0, Mk=0, F=0, Fk=0, X=0, Xk=0) for k in ('a', 'b', 'c1', 'c2')}
for s, c in plan:
    sys.argv = ['cv', os.path.join(W, f'units-{c}.json')]
    import cv; cv = importlib.reload(cv)
    maker = getattr(cv, maker_name)
    test = cv.unit_set == s; train_sets = [t for t in cv.SETS if t != s]; train = np.isin(cv.unit_set, train_sets)
    out = {'a': cv.counts_lines(test, cv.make_keep(cv.rule_keep_unit))}
    allc = list(range(len(cv.names)))
    pin = cv.oof(train_sets, cv.idx_sh, maker); tb = cv.choose_threshold(train, pin, False, target)
    pb = np.full(len(cv.rows), np.nan); pb[test] = cv.fit_predict(train, test, cv.idx_sh, maker)
    out['b'] = cv.counts_lines(test, cv.make_keep(pb >= tb, False))
    pin = cv.oof(train_sets, allc, maker); tc = cv.choose_threshold(train, pin, True, target)
    lo, hi = cv.choose_override(train, pin, target)
    pc = np.full(len(cv.rows), np.nan); pc[test] = cv.fit_predict(train, test, allc, maker)
    out['c1'] = cv.counts_lines(test, cv.make_keep(pc >= tc))
    out['c2'] = cv.counts_lines(test, cv.make_keep(cv.override_decide(pc, lo, hi)))
    # in-sample check of old rules on training sets
    tr_a = cv.fig(cv.counts_lines(train, cv.make_keep(cv.rule_keep_unit)))
    f = {k: cv.fig(v) for k, v in out.items()}
    for k in tot:
        for kk in tot[k]: tot[k][kk] += out[k][kk]
    print(f"{s} @ {c} (old rules on the 6 training sets: R {tr_a[0]:.3f} Fout {tr_a[1]:.3f}) | a {f['a'][0]:.3f}/{f['a'][1]:.3f} | b {f['b'][0]:.3f}/{f['b'][1]:.3f} ({tb:.2f}) | c1 {f['c1'][0]:.3f}/{f['c1'][1]:.3f} ({tc:.2f}) | c2 {f['c2'][0]:.3f}/{f['c2'][1]:.3f} ({lo:.2f},{hi:.2f})", flush=True)
f = {k: cv.fig(v) for k, v in tot.items()}
print(f"pooled D,F,G,H at arrival | a {f['a'][0]:.3f}/{f['a'][1]:.3f} | b {f['b'][0]:.3f}/{f['b'][1]:.3f} | c1 {f['c1'][0]:.3f}/{f['c1'][1]:.3f} | c2 {f['c2'][0]:.3f}/{f['c2'][1]:.3f}")
print('X kept out', {k: round(v[2], 3) for k, v in f.items()})

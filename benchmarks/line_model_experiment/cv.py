"""Step 3: leave-one-set-out over the dev sets given in a units.json (features.py): (a) the rules,
(b) a model over shallow features alone, (c1) the model with the rules' output as features, (c2)
the rules overridden where that model is confident. Thresholds are chosen on an inner
leave-one-set-out of the six training sets only. Needs scikit-learn and numpy (a separate venv).

    python cv.py <units.json> [recall targets, e.g. 0.97,0.985]
"""
import json, os, sys
import numpy as np
from sklearn.ensemble import GradientBoostingClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import StandardScaler
from sklearn.pipeline import make_pipeline

rows = json.load(open(sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.environ.get('LM_WORK', '/tmp/lm'), 'units-cur.json')))
SETS = sorted({r['set'] for r in rows})
if set(SETS) & set('EI'):
    raise SystemExit('sets E and I are held out')
# LM_DROP: features to leave out (comma-separated), e.g. the page_patterns hits, which come from the
# current page_patterns (tuned on all dev sets) even when the rule output is an old version's.
PATTERN_FEATURES = 'pat_F,pat_X,stamp,card_date,caption,caption_prose,dated_scene,tags,person,more_heading'
DROP = set(os.environ.get('LM_DROP', '').replace('patterns', PATTERN_FEATURES).split(',')) - {''}
names = sorted(n for n in rows[0]['f'] if n not in DROP)
shallow = [n for n in names if not n.startswith('rule_')]
X_all = np.array([[r['f'][n] for n in names] for r in rows])
idx_sh = [names.index(n) for n in shallow]
unit_set = np.array([r['set'] for r in rows])

def target(r):
    labs = [l for l in r['labels'] if l in 'MFXH']
    if not labs: return None
    pos = sum(l in 'MH' for l in labs)
    return 1 if pos * 2 >= len(labs) else 0
y = np.array([target(r) if target(r) is not None else -1 for r in rows])
w = np.array([max(1, sum(l in 'MFXH' for l in r['labels'])) for r in rows], float)
rule_keep_unit = np.array([r['rule'] == 'M' for r in rows])
is_H = np.array([r['rule'] == 'H' for r in rows])

def fig(c): return (c['Mk'] / c['M'] if c['M'] else float('nan'), 1 - c['Fk'] / c['F'] if c['F'] else float('nan'), 1 - c['Xk'] / c['X'] if c['X'] else float('nan'))

def counts_lines(mask, keep_fn):
    c = dict(M=0, Mk=0, F=0, Fk=0, X=0, Xk=0)
    for i in np.nonzero(mask)[0]:
        r = rows[i]
        for j, lab in enumerate(r['labels']):
            if lab not in 'MFX': continue
            kept = keep_fn(i, j)
            c[lab] += 1; c[lab + 'k'] += bool(kept)
    return c

def make_keep(decide, h_by_rule=True):
    """decide: array unit->bool for units; H-rule units kept iff title match when h_by_rule."""
    def fn(i, j):
        if h_by_rule and is_H[i]:
            return rows[i]['hmatch'][j]
        return decide[i]
    return fn

def gbm(): return GradientBoostingClassifier(n_estimators=150, max_depth=3, learning_rate=0.08, subsample=0.8, min_samples_leaf=5, random_state=0)
def logreg(): return make_pipeline(StandardScaler(), LogisticRegression(C=0.3, max_iter=2000))

def fit_predict(train, test, cols, maker):
    tr = train & (y >= 0)
    m = maker(); 
    if hasattr(m, 'steps'):
        m.fit(X_all[tr][:, cols], y[tr], logisticregression__sample_weight=w[tr])
    else:
        m.fit(X_all[tr][:, cols], y[tr], sample_weight=w[tr])
    return m.predict_proba(X_all[test][:, cols])[:, 1]

def oof(train_sets, cols, maker):
    p = np.full(len(rows), np.nan)
    for s in train_sets:
        te = unit_set == s; tr = np.isin(unit_set, [t for t in train_sets if t != s])
        p[te] = fit_predict(tr, te, cols, maker)
    return p

def choose_threshold(mask, p, h_by_rule, target_recall):
    best = 0.0
    for t in np.linspace(0.01, 0.99, 99):
        c = counts_lines(mask, make_keep(p >= t, h_by_rule))
        if c['Mk'] / c['M'] >= target_recall: best = t
    return best

def override_decide(p, lo, hi):
    return np.where(rule_keep_unit, p >= lo, p >= hi)

def choose_override(mask, p, target_recall):
    best = (0.0, 1.01, -1)
    for lo in np.linspace(0.0, 0.6, 31):
        for hi in [0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 1.01]:
            c = counts_lines(mask, make_keep(override_decide(p, lo, hi)))
            rec, fout, _ = fig(c)
            if rec >= target_recall and fout > best[2] + 1e-9:
                best = (lo, hi, fout)
    return best[:2]

def run(target_recall, maker=gbm, label='gbm'):
    res = {k: dict(M=0, Mk=0, F=0, Fk=0, X=0, Xk=0) for k in ('a', 'b', 'c1', 'c2')}
    print(f'\n=== {label}, threshold chosen on inner LOSO of training sets for recall >= {target_recall}')
    print('fold | (a) rules R / Fout | (b) model alone R / Fout (thr) | (c1) rules-as-features R / Fout (thr) | (c2) override R / Fout (lo,hi)')
    for s in SETS:
        test = unit_set == s; train_sets = [t for t in SETS if t != s]; train = np.isin(unit_set, train_sets)
        out = {}
        out['a'] = counts_lines(test, make_keep(rule_keep_unit))
        # (b) shallow only, model decides all units (H too)
        pin = oof(train_sets, idx_sh, maker); tb = choose_threshold(train, pin, False, target_recall)
        pb = np.full(len(rows), np.nan); pb[test] = fit_predict(train, test, idx_sh, maker)
        out['b'] = counts_lines(test, make_keep(pb >= tb, False))
        # (c1) all features
        pin = oof(train_sets, list(range(len(names))), maker); tc = choose_threshold(train, pin, True, target_recall)
        lo, hi = choose_override(train, pin, target_recall)
        pc_ = np.full(len(rows), np.nan); pc_[test] = fit_predict(train, test, list(range(len(names))), maker)
        out['c1'] = counts_lines(test, make_keep(pc_ >= tc))
        out['c2'] = counts_lines(test, make_keep(override_decide(pc_, lo, hi)))
        for k in res:
            for kk in res[k]: res[k][kk] += out[k][kk]
        f = {k: fig(v) for k, v in out.items()}
        print(f"{s} | {f['a'][0]:.3f} / {f['a'][1]:.3f} | {f['b'][0]:.3f} / {f['b'][1]:.3f} ({tb:.2f}) | {f['c1'][0]:.3f} / {f['c1'][1]:.3f} ({tc:.2f}) | {f['c2'][0]:.3f} / {f['c2'][1]:.3f} ({lo:.2f},{hi:.2f})", flush=True)
    f = {k: fig(v) for k, v in res.items()}
    print(f"pooled | {f['a'][0]:.3f} / {f['a'][1]:.3f} | {f['b'][0]:.3f} / {f['b'][1]:.3f} | {f['c1'][0]:.3f} / {f['c1'][1]:.3f} | {f['c2'][0]:.3f} / {f['c2'][1]:.3f}")
    print('metadata kept out pooled:', {k: round(v[2], 3) for k, v in f.items()})
    return res

if __name__ == '__main__':
    import time; t0 = time.time()
    c = counts_lines(np.ones(len(rows), bool), make_keep(rule_keep_unit))
    print('rules alone, all dev lines:', c, [round(x, 3) for x in fig(c)])
    print(len(names), 'features,', len(shallow), 'without rule output')
    for tr in [float(a) for a in (sys.argv[2].split(',') if len(sys.argv) > 2 else ['0.97'])]:
        run(tr)
    print('time', round(time.time() - t0), 's')

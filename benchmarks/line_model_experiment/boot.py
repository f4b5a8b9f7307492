"""Which pages the override changed, and a bootstrap over pages of the pooled gain."""
import json, random, sys
from collections import defaultdict
for name in sys.argv[1:]:
    d = json.load(open(name))
    per = defaultdict(lambda: [0]*8)  # M, Mk_a, Mk_c1, Mk_c2, F, Fk_a, Fk_c1, Fk_c2
    for page, lab, a, c1, c2, _ in d:
        p = per[page]
        if lab == 'M': p[0]+=1; p[1]+=a; p[2]+=c1; p[3]+=c2
        if lab == 'F': p[4]+=1; p[5]+=a; p[6]+=c1; p[7]+=c2
    pages = list(per)
    moved = sorted(((per[p][5]-per[p][7], per[p][5]-per[p][6], p) for p in pages if per[p][5]!=per[p][7] or per[p][5]!=per[p][6]), reverse=True)
    print(name, 'pages where F kept changed (a-c2, a-c1):', moved)
    mlost = [(p, per[p][1]-per[p][3], per[p][1]-per[p][2]) for p in pages if per[p][1]!=per[p][3] or per[p][1]!=per[p][2]]
    print('  pages where M kept changed (a-c2, a-c1):', mlost)
    random.seed(0); diffs = {2: [], 3: []}
    for _ in range(2000):
        sample = [random.choice(pages) for _ in pages]
        F = sum(per[p][4] for p in sample) or 1
        for k in (2, 3):
            diffs[k].append((sum(per[p][5] for p in sample) - sum(per[p][5+k-1] for p in sample)) / F)
    for k, lab in ((2, 'c1'), (3, 'c2')):
        x = sorted(diffs[k]); print(f'  {lab}-a F kept out gain: bootstrap over pages 90% CI [{x[100]:.3f}, {x[1899]:.3f}]')

import csv, glob, statistics as st, collections
d = collections.defaultdict(lambda: collections.defaultdict(list))
for f in glob.glob(__import__('sys').argv[1]+'/*.csv'):
    b = f.split('/')[-1].split('-')[0]
    for r in csv.DictReader(open(f)):
        key = (r['Benchmark'].split('.')[-1], r.get('Param: buffer',''), r.get('Param: thread',''))
        d[key][b].append(float(r['Score']))
print('| benchmark | buffer | thread | before, per op (min–max) | after, per op (min–max) | after / before |')
print('|---|---|---|---:|---:|---:|')
for k in sorted(d):
    bb, aa = d[k]['before'], d[k]['after']
    if not bb or not aa: continue
    mb, ma = st.median(bb), st.median(aa)
    print(f'| {k[0]} | {k[1]} | {k[2] or "–"} | {mb:.3f} ({min(bb):.3f}–{max(bb):.3f}) | {ma:.3f} ({min(aa):.3f}–{max(aa):.3f}) | {ma/mb:.2f} |')

import csv,sys,statistics as st
rows=list(csv.DictReader(open(sys.argv[1])))
order=sys.argv[2].split(',')
pts=[]
for r in rows:
    k=(float(r['target_rps']),int(r['conns']))
    if k not in pts: pts.append(k)
pts.sort()
def fmt_us(us):
    us=float(us)
    if us>=1e6: return f"{us/1e6:.1f} s"
    if us>=1000: return f"{us/1000:.1f} ms"
    return f"{us:.0f} µs"
print('| paced load | conns | '+' | '.join(order)+' |')
print('|---|---:|'+'---:|'*len(order))
for (rate,c) in pts:
    cells=[]
    base=None
    for i,impl in enumerate(order):
        rs=[r for r in rows if float(r['target_rps'])==rate and int(r['conns'])==c and r['impl']==impl and not r['failure']]
        cpu=st.median(float(r['cpu_us_per_req']) for r in rs)
        p50=st.median(float(r['p50_us']) for r in rs); p99=st.median(float(r['p99_us']) for r in rs)
        behind=sum(1 for r in rs if r['kept_up']!='true')
        mark=f" †{behind}" if behind else ""
        if i==0:
            base=cpu; cells.append(f"{cpu:.1f} ({fmt_us(p50)} / {fmt_us(p99)}){mark}")
        else:
            cells.append(f"{cpu/base:.2f}× ({fmt_us(p50)} / {fmt_us(p99)}){mark}")
    print(f"| {int(rate):,}/s | {c} | "+' | '.join(cells)+' |')

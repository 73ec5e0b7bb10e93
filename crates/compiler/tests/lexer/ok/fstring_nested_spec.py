f'{x:{width}}'
f'{x:{w}.{p}f}'
f'{x!r:>{w}}'
f'{value:{"<"}{w}}'

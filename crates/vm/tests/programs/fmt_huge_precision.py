# Float precisions beyond 65535 digits (found by exec_fuzz).
print(len(format(1.5, '.70000f')), format(0.1, '.70000f')[:30])
print(len('{:.70000e}'.format(-2.5)), '{:.70000e}'.format(-2.5)[-6:])
print(len('%.70000f' % 0.25), len(f'{0.5:.70000%}'))
print(format(1.5, '.70000g'), len(format(1.5, '#.70000g')))

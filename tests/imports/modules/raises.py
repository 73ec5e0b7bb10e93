print('raises: body starts')
COUNT = 1
raise ValueError('module failed')

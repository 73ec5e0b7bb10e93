INNER = 'namespace package module'

'don\'t' "say \"hi\"" '''a\'''b''' '\\'

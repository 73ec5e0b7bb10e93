# json.dumps/dump with indent (a number of spaces or a string).
import json
data = {"name": "x", "tags": ["a", "b"], "empty": [], "nested": {"k": {}, "n": [1, [2, 3]]}, "none": None}
print(json.dumps(data, indent=2))
print(json.dumps(data, indent=0))
print(json.dumps([1, {"a": 2}], indent="\t"))
print(json.dumps(data, indent=None))
print(json.dumps([1, 2], indent=1, separators=(",", ": ")))
print(json.dumps({"a": [1]}, separators=(";", "=")))
print(json.loads(json.dumps(data, indent=4)) == data, json.dumps([], indent=3), json.dumps({}, indent=3), json.dumps(5, indent=2))

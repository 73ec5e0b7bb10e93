//! The `lang-full` features of the VM itself, on and off: without one, a
//! program sees what MicroPython's micro:bit port gives.

mod common;

use common::{compile, have_mpy_cross, temp_dir, with_vm};
use pyrite_vm::VmConfig;

/// Runs `src` on a fresh VM; its printed output.
fn run(name: &str, src: &str) -> Option<String> {
    if !have_mpy_cross() {
        println!("note: mpy-cross not found; test skipped");
        return None;
    }
    let mpy = compile(&temp_dir("lang-features"), name, src).expect("mpy-cross");
    Some(with_vm(1 << 20, VmConfig::default(), move |vm, cap| {
        vm.exec_mpy(&mpy).unwrap();
        cap.text()
    }))
}

/// A class attribute with `__set_name__`, and a base with
/// `__init_subclass__`.
const CLASS_HOOKS: &str = "\
class Named:
    def __set_name__(self, owner, name):
        print('set_name', owner.__name__, name)
class Base:
    def __init_subclass__(cls):
        print('subclass', cls.__name__)
class Leaf(Base):
    field = Named()
print('done')
";

#[test]
fn class_hooks() {
    let Some(out) = run("class_hooks.py", CLASS_HOOKS) else {
        return;
    };
    let expected = if cfg!(feature = "class-hooks") {
        "set_name Leaf field\nsubclass Leaf\ndone\n"
    } else {
        "done\n"
    };
    assert_eq!(out, expected);
}

/// `help(obj)` lists the attributes only with `help-full`; `help()`'s
/// text is the short one without it.
#[test]
fn help_forms() {
    let Some(out) = run(
        "help_forms.py",
        "class K:\n    attr = 5\nhelp(K)\nprint('--')\nhelp()\n",
    ) else {
        return;
    };
    let (listing, text) = out.split_once("--\n").unwrap();
    assert!(listing.starts_with("object <class 'K'> is of type type\n"));
    assert_eq!(
        listing.contains("  attr -- 5\n"),
        cfg!(feature = "help-full")
    );
    assert!(text.contains("help('modules')"));
    assert_eq!(text.contains("CTRL-D"), cfg!(feature = "help-full"));
}

/// `compile`, `vars` and `delattr` are built-ins only with
/// `builtins-extra`; `exec` and `eval` of source are there either way.
#[test]
fn extra_builtins() {
    let Some(out) = run(
        "extra_builtins.py",
        "for name in ('compile', 'vars', 'delattr', 'exec', 'eval'):\n    \
         try:\n        eval(name)\n        print(name, True)\n    \
         except NameError:\n        print(name, False)\n\
         exec('x = 6 * 7')\nprint(x, eval('x + 1'))\n",
    ) else {
        return;
    };
    let on = if cfg!(feature = "builtins-extra") {
        "True"
    } else {
        "False"
    };
    assert_eq!(
        out,
        format!("compile {on}\nvars {on}\ndelattr {on}\nexec True\neval True\n42 43\n")
    );
    if cfg!(feature = "builtins-extra") {
        let Some(out) = run(
            "compile_vars.py",
            "code = compile('y = 5', '<s>', 'exec')\nexec(code)\nprint(y)\n\
             class K:\n    pass\nk = K()\nk.a = 1\nk.b = 2\ndelattr(k, 'b')\n\
             print(hasattr(k, 'a'), hasattr(k, 'b'))\n",
        ) else {
            return;
        };
        assert_eq!(out, "5\nTrue False\n");
    }
}

/// A descriptor class, `__setattr__`/`__delattr__` hooks, in-place
/// operator methods and an instance's `__dict__`: called or there only
/// with `class-extras`. `__getattr__`, `__iadd__` and `__isub__` are there
/// either way, as in MicroPython.
const CLASS_EXTRAS: &str = "\
class Twice:
    def __get__(self, obj, owner):
        return 'got'
    def __set__(self, obj, value):
        print('set', value)
class Holder:
    d = Twice()
h = Holder()
print(type(h.d).__name__)
h.d = 3
print(type(h.d).__name__)
class Hooked:
    def __setattr__(self, name, value):
        print('setattr', name, value)
    def __delattr__(self, name):
        print('delattr', name)
    def __getattr__(self, name):
        return 'missing ' + name
k = Hooked()
k.x = 1
print(k.x)
del k.x
print(k.x)
class Num:
    def __init__(self, v):
        self.v = v
    def __mul__(self, o):
        return Num(self.v * o)
    def __imul__(self, o):
        self.v = -1
        return self
    def __iadd__(self, o):
        self.v += o
        return self
n = Num(2)
n *= 5
n += 1
print(n.v)
try:
    print(sorted(n.__dict__.items()))
except AttributeError:
    print('no __dict__')
";

#[test]
fn class_extras() {
    let Some(out) = run("class_extras.py", CLASS_EXTRAS) else {
        return;
    };
    let expected = if cfg!(feature = "class-extras") {
        "str\nset 3\nstr\nsetattr x 1\nmissing x\ndelattr x\nmissing x\n0\n[('v', 0)]\n"
    } else {
        // The descriptor is a plain class attribute that the store
        // shadows; the hooks are plain methods; `*=` uses `__mul__`.
        "Twice\nint\n1\nmissing x\n11\nno __dict__\n"
    };
    assert_eq!(out, expected);
}

/// Multiple inheritance with a shared base: C3 finds the sibling's
/// override, MicroPython's depth-first order the shared base's method; an
/// order C3 refuses is accepted without `c3-mro`.
const MRO_ORDER: &str = "\
class Root:
    def who(self):
        return 'Root'
class Left(Root):
    pass
class Right(Root):
    def who(self):
        return 'Right'
class Both(Left, Right):
    pass
print(Both().who())
class Plain:
    def who(self):
        return 'Plain'
class Single(Plain):
    pass
class Mixed(Left, Plain):
    pass
print(Single().who(), Mixed().who())
try:
    class Odd(Root, Left):
        pass
    print('made', Odd().who())
except TypeError:
    print('TypeError')
";

#[test]
fn mro_order() {
    let Some(out) = run("mro_order.py", MRO_ORDER) else {
        return;
    };
    let expected = if cfg!(feature = "c3-mro") {
        "Right\nPlain Root\nTypeError\n"
    } else {
        "Root\nPlain Root\nmade Root\n"
    };
    assert_eq!(out, expected);
}

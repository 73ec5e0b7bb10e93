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

/// `compile` and `vars` are built-ins only with `builtins-extra`; `exec`
/// and `eval` of source are there either way.
#[test]
fn extra_builtins() {
    let Some(out) = run(
        "extra_builtins.py",
        "for name in ('compile', 'vars', 'exec', 'eval'):\n    \
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
        format!("compile {on}\nvars {on}\nexec True\neval True\n42 43\n")
    );
    if cfg!(feature = "builtins-extra") {
        let Some(out) = run(
            "compile_vars.py",
            "code = compile('y = 5', '<s>', 'exec')\nexec(code)\nprint(y)\n\
             class K:\n    pass\nk = K()\nk.a = 1\nprint(vars(k))\n",
        ) else {
            return;
        };
        assert_eq!(out, "5\n{'a': 1}\n");
    }
}

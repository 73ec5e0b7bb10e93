//! What a port adds to the VM beyond the built-ins: its own built-in
//! modules (`machine`) and the roots it keeps outside the heap (interrupt
//! callbacks in a static table).

use pyrite_gc::Marker;
use pyrite_obj::Qstr;

use crate::modules::ModInit;
use crate::vm::Vm;

impl Vm {
    /// Built-in modules of the port, found by `import` after the VM's own
    /// (and by their `u`-prefixed names). Call once after [`Vm::new`].
    pub fn set_port_modules(&self, modules: &'static [(Qstr, ModInit)]) {
        self.port_modules.set(modules);
    }

    /// A function the collector calls to mark values the port keeps
    /// outside the GC heap and the VM's own roots.
    pub fn set_port_roots(&self, trace: fn(&mut Marker<'_>)) {
        self.port_roots.set(Some(trace));
    }
}

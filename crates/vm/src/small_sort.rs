//! A stable insertion sort for the short, cold lists the VM orders itself
//! (`dir()`, `help('modules')`, `os.listdir`): a few dozen bytes of code per
//! use instead of `core`'s general sort (about 2 KB per element type on a
//! board), at a cost that does not matter for a hundred names.

/// Sorts `v` stably by `less`.
pub(crate) fn sort_by<T>(v: &mut [T], mut less: impl FnMut(&T, &T) -> bool) {
    for i in 1..v.len() {
        let mut j = i;
        while j > 0 && less(&v[j], &v[j - 1]) {
            v.swap(j, j - 1);
            j -= 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::sort_by;

    #[test]
    fn sorts_and_keeps_equal_items_in_order() {
        let mut v = [(3, 'a'), (1, 'b'), (3, 'c'), (2, 'd'), (1, 'e'), (0, 'f')];
        sort_by(&mut v, |a, b| a.0 < b.0);
        assert_eq!(
            v,
            [(0, 'f'), (1, 'b'), (1, 'e'), (2, 'd'), (3, 'a'), (3, 'c')]
        );
        let mut empty: [u8; 0] = [];
        sort_by(&mut empty, |a, b| a < b);
    }
}

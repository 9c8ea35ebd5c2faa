//! Stable sorting with one copy of the sort algorithm for the whole crate.
//!
//! `slice::sort_by` is generic over the element and the comparator: every call site gets its own
//! copy of driftsort (quicksort, merges, small-sorts), 1 to 30 KB of WebAssembly each, about
//! 90 KB for the crate's sorts. Here only a list of indices is sorted, by one non-generic
//! function that calls the comparator through `&dyn Fn`; what remains per element type is a
//! small loop that moves the elements into place. Equal elements keep their order (ties are
//! broken by index), exactly as with `slice::sort_by`.
//!
//! The slices sorted here are short (the diagnostics of a file, the findings of a string), so the
//! indirect call costs nothing measurable.

use std::cmp::Ordering;

/// [`slice::sort`]: stable, by `Ord`.
pub fn sort<T: Ord>(v: &mut [T]) {
    sort_by(v, T::cmp);
}

/// [`slice::sort_by_key`]: stable, by the key `f` returns.
pub fn sort_by_key<T, K: Ord>(v: &mut [T], f: impl Fn(&T) -> K) {
    sort_by(v, |a, b| f(a).cmp(&f(b)));
}

/// [`slice::sort_by`]: stable, by `compare`.
pub fn sort_by<T>(v: &mut [T], compare: impl Fn(&T, &T) -> Ordering) {
    if v.len() < 2 {
        return;
    }
    let order = sorted_order(v.len(), &|a, b| compare(&v[a], &v[b]));
    permute(v, order);
}

/// The indices `0..len` in the order `compare` (of two indices) gives, ties in index order.
#[inline(never)]
fn sorted_order(len: usize, compare: &dyn Fn(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..len).collect();
    // The index breaks ties, so no two are equal and the unstable sort's result is the stable one.
    order.sort_unstable_by(|&a, &b| compare(a, b).then(a.cmp(&b)));
    order
}

/// Moves `v[order[k]]` to position `k` for every `k`, one cycle of the permutation at a time.
fn permute<T>(v: &mut [T], mut order: Vec<usize>) {
    for start in 0..order.len() {
        let mut at = start;
        // `order[at] == at` marks a position that holds its element (moved or in place already).
        while order[at] != at {
            let from = order[at];
            order[at] = at;
            if from == start {
                break;
            }
            v.swap(at, from);
            at = from;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn same_as_std_stable_sort(v in proptest::collection::vec((0u8..4, any::<u16>()), 0..200)) {
            let mut ours = v.clone();
            let mut std = v;
            sort_by_key(&mut ours, |e| e.0);
            std.sort_by_key(|e| e.0);
            prop_assert_eq!(ours, std);
        }

        #[test]
        fn sorts_by_ord(v in proptest::collection::vec(any::<i32>(), 0..200)) {
            let mut ours = v.clone();
            let mut std = v;
            sort(&mut ours);
            std.sort();
            prop_assert_eq!(ours, std);
        }
    }
}
